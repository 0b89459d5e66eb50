import ChatClientKit
import Foundation
import Testing

@Suite struct ConversationsDialectTests {
    let dialect = ConversationsDialect()
    let conversation = ConversationID(UUID(uuidString: "7F3A2B1C-0000-4000-8000-000000000001")!)

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func socketURLCarriesLowercaseIDAndEscapedToken() throws {
        let server = try ServerAddress("https://chat.example.com/base/")
        let url = dialect.socketURL(server: server, conversationID: conversation, token: "a.b+c")
        #expect(url == "wss://chat.example.com:443/base/ws/7f3a2b1c-0000-4000-8000-000000000001?token=a.b+c"
            || url == "wss://chat.example.com:443/base/ws/7f3a2b1c-0000-4000-8000-000000000001?token=a.b%2Bc")
        let plain = dialect.socketURL(server: try ServerAddress("127.0.0.1:8080"), conversationID: conversation, token: "t")
        #expect(plain == "ws://127.0.0.1:8080/ws/7f3a2b1c-0000-4000-8000-000000000001?token=t")
    }

    @Test func encodesSendMessageWithMetadata() throws {
        let text = dialect.encode(
            .sendMessage(content: "olá 👋", kind: .text, metadata: ["client_message_id": .string("abc")]),
            now: Date(timeIntervalSince1970: 0))
        let frame = try object(text)
        #expect(frame["type"] as? String == "send_message")
        #expect(frame["timestamp"] as? String == "1970-01-01T00:00:00.000000Z")
        let payload = try #require(frame["payload"] as? [String: Any])
        #expect(payload["content"] as? String == "olá 👋")
        #expect(payload["type"] as? String == "text")
        #expect((payload["metadata"] as? [String: Any])?["client_message_id"] as? String == "abc")
    }

    @Test func encodesTypingAndMarkRead() throws {
        #expect(try object(dialect.encode(.typingStart, now: Date()))["type"] as? String == "typing_start")
        #expect(try object(dialect.encode(.typingStop, now: Date()))["type"] as? String == "typing_stop")
        let frame = try object(dialect.encode(.markRead([MessageID(conversation.rawValue)]), now: Date()))
        #expect(frame["type"] as? String == "mark_read")
        #expect((frame["payload"] as? [String: Any])?["message_ids"] as? [String] == [conversation.rawValue])
    }

    @Test func decodesEveryServerFrame() {
        #expect(dialect.decode(#"{"type":"ping","timestamp":"2025-11-18T14:00:00Z"}"#) == .ping)
        #expect(dialect.decode(#"{"type":"connected","payload":{"conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","user_id":"agent-1","timestamp":"2025-11-18T14:00:00"}}"#)
            == .connected(conversationID: conversation, userID: "agent-1"))
        #expect(dialect.decode(#"{"type":"user_typing","payload":{"user_id":"u1","timestamp":"x"}}"#)
            == .typing(userID: "u1", isTyping: true))
        #expect(dialect.decode(#"{"type":"user_stopped_typing","payload":{"user_id":"u1"}}"#)
            == .typing(userID: "u1", isTyping: false))
        #expect(dialect.decode(#"{"type":"presence_update","payload":{"user_id":"u1","status":"offline"}}"#)
            == .presence(userID: "u1", online: false))
        #expect(dialect.decode(#"{"type":"error","payload":{"error":"Rate limit exceeded","timestamp":"x"}}"#)
            == .error(ServerError(kind: .rateLimited, message: "Rate limit exceeded")))
        #expect(dialect.decode(#"{"type":"error","payload":{"error":"Cannot send message to closed conversation"}}"#)
            == .error(ServerError(kind: .conversationClosed, message: "Cannot send message to closed conversation")))
        #expect(dialect.decode(#"{"type":"error","payload":{"error":"Invalid JSON format"}}"#)
            == .error(ServerError(kind: .rejected, message: "Invalid JSON format")))
    }

    @Test func decodesNewMessage() {
        let text = #"""
            {"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-000000000009",
            "conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"client","type":"text",
            "content":"hi","metadata":{"client_message_id":"abc"},"timestamp":"2025-11-18T14:02:00.123456",
            "is_read":false,"created_at":"2025-11-18T14:02:00.123456+00:00"}}
            """#
        guard case .newMessage(let message) = dialect.decode(text) else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == "hi")
        #expect(message.clientMessageID == "abc")
    }

    @Test(arguments: [
        "", "not json", "[]", "42", #"{"payload":{}}"#, #"{"type":7}"#, #"{"type":"mystery"}"#,
        #"{"type":"new_message","payload":{"content":"no id"}}"#,
        #"{"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-000000000009","conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"robot","type":"text","content":"x","timestamp":"2025-11-18T14:02:00Z"}}"#,
        #"{"type":"user_typing","payload":{}}"#, #"{"type":"presence_update","payload":{"user_id":"u","status":"away"}}"#,
        #"{"type":"connected","payload":"nope"}"#,
    ])
    func malformedFramesBecomeUnrecognized(text: String) {
        guard case .unrecognized(let raw, let reason) = dialect.decode(text) else {
            Issue.record("'\(text)' should be unrecognized")
            return
        }
        #expect(raw == text)
        #expect(!reason.isEmpty)
    }

    @Test func invalidEnumNamesTheField() {
        let text = #"{"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-000000000009","conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"robot","type":"text","content":"x","timestamp":"2025-11-18T14:02:00Z"}}"#
        guard case .unrecognized(_, let reason) = dialect.decode(text) else { return }
        #expect(reason.contains("invalid sender 'robot'"))
    }
}
