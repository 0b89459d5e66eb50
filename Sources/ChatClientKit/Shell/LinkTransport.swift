/// One socket's I/O for a `Link`: connect, write what it is given in order, report what
/// arrives (in order, several at a time when they arrived together), and say how the socket
/// ended. `WebSocketTransport` is the real one; tests
/// drive a `Link` with a scripted one.
///
/// The caller owns the deadline: cancelling the task that runs `run` abandons the socket.
public protocol LinkTransport: Sendable {
    /// Runs one socket until it ends; throws `SocketOpenError` if it never opened. Once the
    /// socket is open it attaches itself to `outgoing`.
    func run(
        url: String, outgoing: OutgoingFrames,
        received: @escaping @Sendable ([InboundFrame]) async -> Void
    ) async throws -> SocketEnding
}

/// What a link writes to its socket.
public enum OutgoingFrame: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    /// Start the closing handshake.
    case close(code: Int, reason: String)
}

/// What arrives on a socket.
public enum InboundFrame: Sendable, Equatable {
    case text(String)
    /// A binary message (no dialect uses them).
    case binary([UInt8])
}

/// How an open socket ended.
public struct SocketEnding: Sendable, Equatable {
    /// The close code the server sent; nil for an abnormal close (reset, EOF, cancel).
    public let code: Int?
    public let reason: String?

    public init(code: Int?, reason: String?) {
        self.code = code
        self.reason = reason
    }
}

/// Why a socket never opened.
public enum SocketOpenError: Error, Sendable, Equatable {
    /// The server answered the upgrade request with something other than 101; it does not
    /// say why, so the link asks the REST API.
    case upgradeRefused
    /// Anything else: refused, reset, DNS, TLS; the sentence says which.
    case failed(String)
}
