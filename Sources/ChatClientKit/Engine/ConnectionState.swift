/// What a UI shows about one conversation socket.
public enum ConnectionState: Sendable, Equatable {
    /// Not started yet.
    case idle
    /// A connection attempt is under way; `attempt` is 0 for the first connection.
    case connecting(attempt: Int)
    /// The socket is open and has been synced.
    case connected
    /// Waiting out a backoff delay before retry number `attempt`, due at `retryAt` (clock seconds).
    case reconnecting(attempt: Int, retryAt: Double)
    /// Gave up the loud retry loop after too many failures: "offline — press R".
    /// A quiet retry still happens at `retryAt`.
    case waitingForUser(retryAt: Double)
    /// The server rejected the credentials; nothing is retried until the user acts.
    case authFailed(reason: String)
    /// Final: closed by the user or by the server, or the conversation does not exist.
    case closed(CloseReason)

    /// True while the socket is usable.
    public var isConnected: Bool { self == .connected }
}

/// Why a connection ended for good.
public enum CloseReason: Sendable, Equatable {
    case byUser
    case byServer(code: Int, reason: String)
    case conversationNotFound
    /// The server refused the role the client asked for.
    case roleRefused(String)
}

/// How a connection attempt failed, as the transport classifies it.
public enum ConnectFailure: Sendable, Equatable {
    /// Worth retrying: refused, reset, timed out, upgrade failed, server error.
    case transient(String)
    /// Credentials rejected; retrying cannot help.
    case unauthorized(String)
    /// The conversation does not exist.
    case notFound
}
