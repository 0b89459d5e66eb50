import ChatClientKit
import Foundation

/// A `LinkTransport` whose sockets a test plays by hand: it sees every connection attempt,
/// decides whether it opens, feeds it frames, reads what the link wrote and closes it.
/// No network, no timers of its own.
public final class ScriptedTransport: LinkTransport {
    private let attempts = Mailbox<ScriptedSocket>()

    public init() {}

    /// The next connection attempt the link makes.
    public func nextSocket(timeout: Duration = .seconds(10)) async throws -> ScriptedSocket {
        guard let socket = try await attempts.next(timeout: timeout, waitingFor: "a connection attempt") else {
            throw ScriptEnded(what: "connection attempts")
        }
        return socket
    }

    public func run(
        url: String, outgoing: OutgoingFrames, received: @escaping @Sendable ([InboundFrame]) async -> Void
    ) async throws -> SocketEnding {
        let socket = ScriptedSocket(url: url)
        attempts.push(socket)
        guard let first = try await socket.script.next(timeout: .seconds(3600), waitingFor: "the test to open or refuse") else {
            return SocketEnding(code: nil, reason: nil)
        }
        if case .refuse(let error) = first { throw error }
        outgoing.attach { socket.written.push($0) } finished: {
            socket.script.push(.end(SocketEnding(code: nil, reason: "the link hung up")))
        }
        while let step = try await socket.script.next(timeout: .seconds(3600), waitingFor: "the test's next step") {
            switch step {
            case .refuse, .open: continue
            case .frame(let frame): await received([frame])
            case .end(let ending): return ending
            }
        }
        return SocketEnding(code: nil, reason: nil)
    }
}

/// One connection attempt of a `ScriptedTransport`.
public final class ScriptedSocket: Sendable {
    enum Step: Sendable {
        case open
        case refuse(SocketOpenError)
        case frame(InboundFrame)
        case end(SocketEnding)
    }

    /// The URL the link connected to.
    public let url: String
    let script = Mailbox<Step>()
    let written = Mailbox<OutgoingFrame>()

    init(url: String) {
        self.url = url
    }

    /// The socket opens (the upgrade succeeded).
    public func open() { script.push(.open) }

    /// The attempt fails before opening.
    public func refuse(_ error: SocketOpenError) { script.push(.refuse(error)) }

    /// The server sends a text frame.
    public func send(_ text: String) { script.push(.frame(.text(text))) }

    /// The server closes the socket (`code` nil: the connection just ends).
    public func close(code: Int?, reason: String? = nil) { script.push(.end(SocketEnding(code: code, reason: reason))) }

    /// The next frame the link wrote.
    public func nextWritten(timeout: Duration = .seconds(10)) async throws -> OutgoingFrame {
        guard let frame = try await written.next(timeout: timeout, waitingFor: "a frame from the link") else {
            throw ScriptEnded(what: "frames from the link")
        }
        return frame
    }

    /// The next text frame the link wrote.
    public func nextText(timeout: Duration = .seconds(10)) async throws -> String {
        let frame = try await nextWritten(timeout: timeout)
        guard case .text(let text) = frame else { throw UnexpectedFrame(frame: frame) }
        return text
    }

    struct UnexpectedFrame: Error, CustomStringConvertible {
        let frame: OutgoingFrame
        var description: String { "expected a text frame, the link wrote \(frame)" }
    }
}

/// A scripted mailbox ended while a test still waited on it.
struct ScriptEnded: Error, CustomStringConvertible {
    let what: String
    var description: String { "no more \(what)" }
}
