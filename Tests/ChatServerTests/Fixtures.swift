import ChatModel
import Foundation
import Testing
import TestSupport

/// Requests the integration tests repeat.
extension TestHTTP {
    /// Creates a conversation and returns its JSON (expects 201).
    func createConversation(
        channel: String = "web", status: String? = nil, priority: String? = nil, summary: String? = nil,
        tags: [String]? = nil, clientID: UUID = UUID()
    ) async throws -> JSONValue {
        var body: [String: JSONValue] = ["client_id": .string(clientID.uuidString.lowercased()), "channel": .string(channel)]
        if let status { body["status"] = .string(status) }
        if let priority { body["priority"] = .string(priority) }
        if let summary { body["summary"] = .string(summary) }
        if let tags { body["tags"] = .array(tags.map(JSONValue.string)) }
        let response = try await post("/api/conversations", json: .object(body))
        try #require(response.status == 201, "create conversation: \(response.status) \(response.text)")
        return try response.json()
    }

    /// Creates a conversation and returns its id.
    func newConversationID(status: String? = nil) async throws -> String {
        try #require(try await createConversation(status: status)["id"]?.stringValue)
    }

    /// `POST /api/messages`.
    func postMessage(
        _ conversationID: String, sender: String = "client", content: String, clientMessageID: String? = nil
    ) async throws -> TestHTTPResponse {
        var body: [String: JSONValue] = [
            "conversation_id": .string(conversationID), "sender": .string(sender), "content": .string(content),
        ]
        if let clientMessageID {
            body["metadata"] = .object([Message.clientMessageIDKey: .string(clientMessageID)])
        }
        return try await post("/api/messages", json: .object(body))
    }

    /// `POST /api/messages`, expecting 201; returns the message.
    @discardableResult
    func sendMessage(_ conversationID: String, sender: String = "client", content: String) async throws -> Message {
        let response = try await postMessage(conversationID, sender: sender, content: content)
        try #require(response.status == 201, "post message: \(response.status) \(response.text)")
        return try response.decode(Message.self)
    }

    /// `GET /api/messages` for a conversation, oldest first.
    func history(_ conversationID: String, limit: Int = 100, beforeID: String? = nil) async throws -> [Message] {
        var path = "/api/messages?conversation_id=\(conversationID)&limit=\(limit)"
        if let beforeID { path += "&before_id=\(beforeID)" }
        let response = try await get(path)
        try #require(response.status == 200, "history: \(response.status) \(response.text)")
        return try response.decode([Message].self)
    }

    func conversation(_ id: String) async throws -> Conversation {
        let response = try await get("/api/conversations/\(id)")
        try #require(response.status == 200, "get conversation: \(response.status) \(response.text)")
        return try response.decode(Conversation.self)
    }
}

/// A `send_message` payload.
func messagePayload(_ content: String, clientMessageID: String? = nil) -> [String: JSONValue] {
    var payload: [String: JSONValue] = ["content": .string(content), "type": .string("text")]
    if let clientMessageID {
        payload["metadata"] = .object([Message.clientMessageIDKey: .string(clientMessageID)])
    }
    return payload
}

extension TestWebSocket {
    /// Waits for `connected` and the joiner's own `presence_update`.
    func expectJoined(as userID: String) async throws {
        let connected = try await nextFrame(ofType: "connected")
        #expect(connected["payload"]?["user_id"]?.stringValue == userID)
        let presence = try await nextFrame(ofType: "presence_update")
        #expect(presence["payload"]?["user_id"]?.stringValue == userID)
    }

    /// The next `error` frame's text.
    func nextError() async throws -> String? {
        try await nextFrame(ofType: "error")["payload"]?["error"]?.stringValue
    }
}

extension Identifier {
    /// The uppercase form Foundation prints, to check that the server accepts either case.
    var uuidString: String { uuid?.uuidString ?? rawValue }
}
