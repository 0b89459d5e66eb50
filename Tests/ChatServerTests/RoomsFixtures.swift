import ChatModel
import Foundation
import Testing
import TestSupport

/// Rooms sockets on a spawned server.
extension ChatServerProcess {
    /// `ws://127.0.0.1:PORT/ws/chat/{user}?role=…[&token=…]`
    func roomsURL(user: String, role: String, token: String?) -> String {
        "ws://127.0.0.1:\(port)/ws/chat/\(user)?role=\(role)" + (token.map { "&token=\($0)" } ?? "")
    }

    /// Opens a rooms socket as `user` with a token naming them, and reads its `connected` frame.
    func connectRooms(_ user: String, role: String = "atendente") async throws -> TestWebSocket {
        let socket = try await TestWebSocket.connect(roomsURL(user: user, role: role, token: try token(sub: user, role: role)))
        let connected = try await socket.expectEvent("connected")
        #expect(connected["user_id"]?.stringValue == user)
        return socket
    }

    /// The close code and reason a rooms socket gets at once, as "4001 Invalid role".
    func roomsRefusal(user: String, role: String, token: String?) async throws -> String {
        let close = try await TestWebSocket.connect(roomsURL(user: user, role: role, token: token)).closeFrame()
        return "\(close.code.map(String.init) ?? "no code") \(close.reason ?? "")"
    }
}

/// Rooms frames: `{"event", "data"}` out, `{"event", "data", "timestamp", "message_id"}` in.
extension TestWebSocket {
    func send(event: String, _ data: [String: JSONValue] = [:]) {
        send(JSONValue.object(["event": .string(event), "data": .object(data)]).jsonText)
    }

    func join(_ room: String) {
        send(event: "join_room", ["room_id": .string(room)])
    }

    /// Sends a `message` to `room`.
    func say(_ content: String, in room: String, type: String = "text") {
        send(event: "message", ["room_id": .string(room), "content": .string(content), "type": .string(type)])
    }

    /// The very next frame must be `event`; returns its `data`, after checking the envelope.
    @discardableResult
    func expectEvent(_ event: String, timeout: Duration = .seconds(45)) async throws -> JSONValue {
        let frame = try await nextFrame(timeout: timeout)
        try #require(frame["event"]?.stringValue == event, "expected \(event), got \(frame.jsonText)")
        #expect(Timestamp.parse(frame["timestamp"]?.stringValue ?? "") != nil)
        #expect(UUID(uuidString: frame["message_id"]?.stringValue ?? "") != nil)
        return try #require(frame["data"])
    }

    /// The next `event` frame's `data`, skipping frames of other events (for servers that also
    /// run demo customers).
    func nextEvent(_ event: String, timeout: Duration = .seconds(15)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let frame = try await nextFrame(timeout: max(.zero, ContinuousClock.now.duration(to: deadline)))
            if frame["event"]?.stringValue == event { return try #require(frame["data"]) }
        }
    }

    /// Sends `heartbeat` and expects its reply next: every frame the server queued for this
    /// socket before has been read, so nothing else is on its way.
    func expectNothingPending() async throws {
        send(event: "heartbeat")
        #expect(try await expectEvent("heartbeat")["status"]?.stringValue == "alive")
    }

    /// The next frame must be `error`; returns its text as "error" or "error: details".
    func expectError() async throws -> String {
        let data = try await expectEvent("error")
        let error = try #require(data["error"]?.stringValue)
        return data["details"]?.stringValue.map { "\(error): \($0)" } ?? error
    }
}

/// A server with a conversation whose room holds an atendente and a cliente.
struct RoomPair {
    let server: ChatServerProcess
    let http: TestHTTP
    let room: String
    let agent: TestWebSocket
    let customer: TestWebSocket

    /// Starts a server, creates a conversation and puts `ana` (atendente) and `joao` (cliente) in its room.
    static func start(_ options: ServerOptions = ServerOptions()) async throws -> RoomPair {
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let room = try await http.newConversationID()
        let agent = try await server.connectRooms("ana", role: "atendente")
        let customer = try await server.connectRooms("joao", role: "cliente")
        agent.join(room)
        customer.join(room)
        try await agent.expectNothingPending()
        try await customer.expectNothingPending()
        return RoomPair(server: server, http: http, room: room, agent: agent, customer: customer)
    }
}

/// Options for a server on `store` whose bot stays quiet.
func quietRooms(_ store: ServerStore) -> ServerOptions {
    var options = ServerOptions(store: store)
    options.roomsBot = false
    return options
}
