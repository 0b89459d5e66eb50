import ChatModel
import Foundation
import ServerHarness

/// Rooms sockets (`/ws/chat/{user}`) on a spawned server, for the tests that play a
/// customer or a second agent beside the client under test.
extension ChatServerProcess {
    /// `ws://127.0.0.1:PORT/ws/chat/{user}?role=…[&token=…]`
    public func roomsSocketURL(user: String, role: String, token: String?) -> String {
        "ws://127.0.0.1:\(port)/ws/chat/\(user)?role=\(role)" + (token.map { "&token=\($0)" } ?? "")
    }

    /// Opens a rooms socket as `user` with a token naming them, and waits for `connected`.
    public func openRoomsSocket(user: String, role: String) async throws -> TestWebSocket {
        let socket = try await TestWebSocket.connect(roomsSocketURL(user: user, role: role, token: try token(sub: user, role: role)))
        _ = try await socket.waitForEvent("connected")
        return socket
    }
}

extension TestWebSocket {
    /// Sends a rooms frame `{"event", "data"}`.
    public func sendEvent(_ event: String, _ data: [String: JSONValue] = [:]) {
        send(JSONValue.object(["event": .string(event), "data": .object(data)]).jsonText)
    }

    /// Joins `room` and waits until the server has taken the join: a heartbeat sent after it
    /// is answered after it (a socket's frames are handled in order).
    public func joinRoom(_ room: String) async throws {
        sendEvent("join_room", ["room_id": .string(room)])
        sendEvent("heartbeat")
        _ = try await waitForEvent("heartbeat")
    }

    /// The `data` of the next `event` frame, skipping frames of other events.
    public func waitForEvent(_ event: String, timeout: Duration = .seconds(45)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let frame = try await nextFrame(timeout: max(.milliseconds(1), ContinuousClock.now.duration(to: deadline)))
            if frame["event"]?.stringValue == event { return frame["data"] ?? .object([:]) }
        }
    }
}
