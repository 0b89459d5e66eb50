import ChatClientKit
import Foundation
import Testing

@Suite struct ConversationsDialectTests {
    let dialect = ConversationsDialect()
    let conversation = ConversationID(UUID(uuidString: "7F3A2B1C-0000-4000-8000-000000000001")!)
    var codec: any DialectCodec { dialect.makeCodec(for: .conversation(conversation)) }

    func encode(_ command: ClientCommand, now: Date) throws -> String {
        var codec = self.codec
        let frame = codec.encode(command, date: now)
        return try #require(frame)
    }

    func decode(_ text: String) throws -> ServerEvent {
        var codec = self.codec
        let decoded = codec.decode(text)
        #expect(decoded.replies.isEmpty, "the conversations dialect never answers a frame")
        return try #require(decoded.events.first)
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func socketURLCarriesLowercaseIDAndEscapedToken() throws {
        func settings(_ server: String, token: String) throws -> ClientSettings {
            ClientSettings(server: try ServerAddress(server), token: try BearerToken(token))
        }
        let url = dialect.socketURL(for: .conversation(conversation), settings: try settings("https://chat.example.com/base/", token: "a.b+c"))
        #expect(url == "wss://chat.example.com:443/base/ws/7f3a2b1c-0000-4000-8000-000000000001?token=a.b+c"
            || url == "wss://chat.example.com:443/base/ws/7f3a2b1c-0000-4000-8000-000000000001?token=a.b%2Bc")
        let plain = dialect.socketURL(for: .conversation(conversation), settings: try settings("127.0.0.1:8080", token: "t"))
        #expect(plain == "ws://127.0.0.1:8080/ws/7f3a2b1c-0000-4000-8000-000000000001?token=t")
    }

    @Test func encodesSendMessageWithMetadata() throws {
        let entry = OutboxEntry(id: "abc", conversationID: conversation, content: "olá 👋", createdAt: Date())
        let text = try encode(.send(entry), now: Date(timeIntervalSince1970: 0))
        let frame = try object(text)
        #expect(frame["type"] as? String == "send_message")
        #expect(frame["timestamp"] as? String == "1970-01-01T00:00:00.000000Z")
        let payload = try #require(frame["payload"] as? [String: Any])
        #expect(payload["content"] as? String == "olá 👋")
        #expect(payload["type"] as? String == "text")
        #expect((payload["metadata"] as? [String: Any])?["client_message_id"] as? String == "abc")
    }

    /// The send frame is written without `JSONValue`'s dictionaries: the same text, escapes
    /// and key order included.
    @Test(arguments: [
        ("olá 👋", Message.Kind.text), ("quote \" backslash \\ newline \n tab \t", .image), ("\u{1}\u{1F}\u{7F}", .file), ("", .text),
    ])
    func theSendFrameIsTheTextJSONValueWrites(content: String, kind: Message.Kind) throws {
        let entry = OutboxEntry(id: "id \"with\" quotes", conversationID: conversation, content: content, kind: kind, createdAt: Date())
        let date = Date(timeIntervalSince1970: 1_763_474_462.123456)
        let expected: JSONValue = .object([
            "type": "send_message", "timestamp": .string(Timestamp.format(date)),
            "payload": .object(["content": .string(content), "type": .string(kind.rawValue), "metadata": .object(entry.metadata)]),
        ])
        #expect(try encode(.send(entry), now: date) == expected.jsonText)
    }

    @Test func encodesTypingAndMarkRead() throws {
        #expect(try object(encode(.typing(conversation, isTyping: true), now: Date()))["type"] as? String == "typing_start")
        #expect(try object(encode(.typing(conversation, isTyping: false), now: Date()))["type"] as? String == "typing_stop")
        let frame = try object(encode(.markRead(conversation, [MessageID(conversation.rawValue)]), now: Date()))
        #expect(frame["type"] as? String == "mark_read")
        #expect((frame["payload"] as? [String: Any])?["message_ids"] as? [String] == [conversation.rawValue])
    }

    @Test func hasNoJoinOrHeartbeatFrames() {
        var codec = self.codec
        #expect(codec.encode(.join(conversation), date: Date()) == nil)
        #expect(codec.encode(.heartbeat, date: Date()) == nil)
    }

    @Test func decodesEveryServerFrame() throws {
        #expect(try decode(#"{"type":"ping","timestamp":"2025-11-18T14:00:00Z"}"#) == .ping)
        #expect(try decode(#"{"type":"connected","payload":{"conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","user_id":"agent-1","timestamp":"2025-11-18T14:00:00"}}"#)
            == .connected(conversationID: conversation, userID: "agent-1"))
        #expect(try decode(#"{"type":"user_typing","payload":{"user_id":"u1","timestamp":"x"}}"#)
            == .typing(conversation, userID: "u1", isTyping: true))
        #expect(try decode(#"{"type":"user_stopped_typing","payload":{"user_id":"u1"}}"#)
            == .typing(conversation, userID: "u1", isTyping: false))
        #expect(try decode(#"{"type":"presence_update","payload":{"user_id":"u1","status":"offline"}}"#)
            == .presence(userID: "u1", online: false))
        #expect(try decode(#"{"type":"error","payload":{"error":"Rate limit exceeded","timestamp":"x"}}"#)
            == .error(ServerError(kind: .rateLimited, message: "Rate limit exceeded")))
        #expect(try decode(#"{"type":"error","payload":{"error":"Cannot send message to closed conversation"}}"#)
            == .error(ServerError(kind: .conversationClosed, message: "Cannot send message to closed conversation")))
        #expect(try decode(#"{"type":"error","payload":{"error":"Storage unavailable: the message was not stored; try again shortly"}}"#)
            == .error(ServerError(kind: .unavailable, message: "Storage unavailable: the message was not stored; try again shortly")))
        #expect(try decode(#"{"type":"error","payload":{"error":"Invalid JSON format"}}"#)
            == .error(ServerError(kind: .rejected, message: "Invalid JSON format")))
    }

    @Test func aMalformedFrameSaysWhatIsWrongWithIt() throws {
        func reason(_ text: String) throws -> String? {
            if case .unrecognized(_, let reason) = try decode(text) { reason } else { nil }
        }
        #expect(try reason("not json") == "not a JSON frame with a string 'type'")
        #expect(try reason(#"{"type":"presence_update","payload":"online"}"#) == "payload is not an object")
        #expect(try reason(#"{"type":"new_message","payload":{"content":"no id"}}"#)?.hasPrefix("invalid message: ") == true)
        #expect(try decode(#"{"type":"ping","payload":null}"#) == .ping)
    }

    @Test func decodesNewMessage() throws {
        let text = #"""
            {"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-000000000009",
            "conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"client","type":"text",
            "content":"hi","metadata":{"client_message_id":"abc"},"timestamp":"2025-11-18T14:02:00.123456",
            "is_read":false,"created_at":"2025-11-18T14:02:00.123456+00:00"}}
            """#
        let message = try #require(try decode(text).message, "expected a message")
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
    func malformedFramesBecomeUnrecognized(text: String) throws {
        let (raw, reason) = try #require(try decode(text).unrecognized, "'\(text)' should be unrecognized")
        #expect(raw == text)
        #expect(!reason.isEmpty)
    }

    @Test func invalidEnumNamesTheField() throws {
        let text = #"{"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-000000000009","conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"robot","type":"text","content":"x","timestamp":"2025-11-18T14:02:00Z"}}"#
        let (_, reason) = try #require(try decode(text).unrecognized, "an invalid sender makes the frame unrecognized")
        #expect(reason.contains("invalid sender 'robot'"))
    }
}

extension ServerEvent {
    /// The message of a `.newMessage`.
    var message: Message? {
        if case .newMessage(let message) = self { message } else { nil }
    }

    /// The frame and reason of an `.unrecognized`.
    var unrecognized: (raw: String, reason: String)? {
        if case .unrecognized(let raw, let reason) = self { (raw, reason) } else { nil }
    }
}
