import ChatModel
import Foundation
import NIOCore
import NIOPosix

/// A raw WebSocket client for server tests, over a plain NIO TCP channel: frames arrive as
/// decoded JSON in a mailbox, every wait has its own deadline, and the server's close code
/// and reason are observable.
///
/// It speaks RFC 6455 itself rather than through WSClient, which can lose a close frame
/// that arrives together with the upgrade response (the bad-token case).
public final class TestWebSocket: Sendable {
    /// Something that arrived on the socket.
    public enum Event: Sendable {
        case text(String)
        /// The connection ended; `code` is nil when no close frame was received.
        case closed(code: Int?, reason: String?)
        case failed(String)
    }

    private enum Outgoing: Sendable {
        case frame(ByteBuffer)
        case close
    }

    private let events: Mailbox<Event>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let task: Task<Void, Never>

    private init(events: Mailbox<Event>, outgoing: AsyncStream<Outgoing>.Continuation, task: Task<Void, Never>) {
        self.events = events
        self.outgoing = outgoing
        self.task = task
    }

    deinit {
        outgoing.finish()
        task.cancel()
    }

    /// Connects to `url` (`ws://host:port/path?query`); returns once the server answered 101.
    public static func connect(_ url: String, timeout: Duration = .seconds(15)) async throws -> TestWebSocket {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw WebSocketTestError.notOpened("bad URL \(url)")
        }
        let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let channel = try await withDeadline(timeout, waitingFor: "a TCP connection to \(host):\(port)") {
            try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        }
        let events = Mailbox<Event>()
        let opened = Mailbox<Result<Void, WebSocketTestError>>()
        let (outgoingFrames, outgoing) = AsyncStream.makeStream(of: Outgoing.self)
        let key = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()
        let task = Task {
            do {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: """
                        GET \(target) HTTP/1.1\r
                        Host: \(host):\(port)\r
                        Upgrade: websocket\r
                        Connection: Upgrade\r
                        Sec-WebSocket-Key: \(key)\r
                        Sec-WebSocket-Version: 13\r
                        \r

                        """))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await item in outgoingFrames {
                                switch item {
                                case .frame(let bytes): try await outbound.write(bytes)
                                case .close: try await outbound.write(WebSocketFrameCodec.encode(.close, [0x03, 0xE8]))
                                }
                            }
                        }
                        let close = try await Self.read(inbound, outbound: outbound, opened: opened, events: events)
                        events.push(.closed(code: close?.code, reason: close?.reason))
                        group.cancelAll()
                    }
                }
            } catch {
                events.push(.failed("\(error)"))
            }
            events.finish()
            opened.finish()
        }
        let socket = TestWebSocket(events: events, outgoing: outgoing, task: task)
        do {
            switch try await opened.next(timeout: timeout, waitingFor: "the WebSocket upgrade of \(url)") {
            case .success?: return socket
            case .failure(let error)?: throw error
            case nil: throw WebSocketTestError.notOpened("connection ended before the upgrade")
            }
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Reads the upgrade response, then frames until the server ends the connection; returns its close frame.
    private static func read(
        _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        opened: Mailbox<Result<Void, WebSocketTestError>>, events: Mailbox<Event>
    ) async throws -> (code: Int?, reason: String?)? {
        var codec = WebSocketFrameCodec()
        var upgraded = false
        var message: [UInt8] = []
        var close: (code: Int?, reason: String?)?
        for try await bytes in inbound {
            codec.append(bytes)
            if !upgraded {
                guard let head = codec.takeHTTPHead() else { continue }
                guard head.hasPrefix("HTTP/1.1 101") else {
                    opened.push(.failure(.notOpened(head.components(separatedBy: "\r\n").first ?? head)))
                    return nil
                }
                upgraded = true
                opened.push(.success(()))
            }
            while let frame = codec.nextFrame() {
                switch frame.opcode {
                case .text, .binary, .continuation:
                    message += frame.payload
                    if frame.fin {
                        events.push(.text(String(decoding: message, as: UTF8.self)))
                        message = []
                    }
                case .ping:
                    try await outbound.write(WebSocketFrameCodec.encode(.pong, frame.payload))
                case .pong:
                    break
                case .close:
                    let code = frame.payload.count >= 2 ? Int(frame.payload[0]) << 8 | Int(frame.payload[1]) : nil
                    let reason = frame.payload.count > 2 ? String(decoding: frame.payload[2...], as: UTF8.self) : nil
                    if close == nil {
                        close = (code, reason)
                        try? await outbound.write(WebSocketFrameCodec.encode(.close, Array(frame.payload.prefix(2))))
                    }
                }
            }
        }
        return close ?? (nil, nil)
    }

    /// Sends a text frame.
    public func send(_ text: String) {
        outgoing.yield(.frame(WebSocketFrameCodec.encode(.text, Array(text.utf8))))
    }

    /// Sends `{"type": type, "payload": payload, "timestamp": now}`.
    public func send(type: String, payload: [String: JSONValue] = [:]) {
        let frame = JSONValue.object([
            "type": .string(type), "payload": .object(payload), "timestamp": .string(Timestamp.format(Date())),
        ])
        send(frame.jsonText)
    }

    /// Sends a binary frame.
    public func sendBinary(_ bytes: [UInt8]) {
        outgoing.yield(.frame(WebSocketFrameCodec.encode(.binary, bytes)))
    }

    /// Starts the close handshake (code 1000).
    public func close() {
        outgoing.yield(.close)
    }

    /// The next event, whatever it is.
    public func nextEvent(timeout: Duration = .seconds(15)) async throws -> Event {
        guard let event = try await events.next(timeout: timeout, waitingFor: "a WebSocket event") else {
            throw WebSocketTestError.noMoreEvents
        }
        return event
    }

    /// The next frame as JSON; throws if the socket closes first.
    public func nextFrame(timeout: Duration = .seconds(15)) async throws -> JSONValue {
        switch try await nextEvent(timeout: timeout) {
        case .text(let text): return try JSONValue.parse(text)
        case let other: throw WebSocketTestError.unexpected(other)
        }
    }

    /// The next frame whose `type` is `type`, discarding frames of other types (pings, presence…).
    public func nextFrame(ofType type: String, timeout: Duration = .seconds(15)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let frame = try await nextFrame(timeout: max(.zero, ContinuousClock.now.duration(to: deadline)))
            if frame["type"]?.stringValue == type { return frame }
        }
    }

    /// The next frame that is not a server `ping`.
    public func nextNonPingFrame(timeout: Duration = .seconds(15)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let frame = try await nextFrame(timeout: max(.zero, ContinuousClock.now.duration(to: deadline)))
            if frame["type"]?.stringValue != "ping" { return frame }
        }
    }

    /// Waits for the connection to end, discarding frames; returns the close code and reason.
    public func closeFrame(timeout: Duration = .seconds(15)) async throws -> (code: Int?, reason: String?) {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch try await nextEvent(timeout: max(.zero, ContinuousClock.now.duration(to: deadline))) {
            case .text: continue
            case .closed(let code, let reason): return (code, reason)
            case .failed(let error): throw WebSocketTestError.failed(error)
            }
        }
    }
}

/// Unexpected outcomes of a `TestWebSocket` wait.
public enum WebSocketTestError: Error, CustomStringConvertible {
    case notOpened(String)
    case noMoreEvents
    case unexpected(TestWebSocket.Event)
    case failed(String)

    public var description: String {
        switch self {
        case .notOpened(let detail): "the WebSocket did not open: \(detail)"
        case .noMoreEvents: "the WebSocket has no more events"
        case .unexpected(let event): "expected a frame, got \(event)"
        case .failed(let error): "the WebSocket failed: \(error)"
        }
    }
}
