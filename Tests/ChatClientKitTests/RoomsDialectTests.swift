import ChatClientKit
import Foundation
import Testing

/// The `rooms` dialect's frames (seed 003, PROTOCOLS.md §2) and settings.
@Suite struct RoomsDialectTests {
    let dialect = RoomsDialect()

    func settings(token: String? = nil, user: String? = "agent_1", role: String? = nil) throws -> ClientSettings {
        ClientSettings(
            server: try ServerAddress("https://chat.example.com/base"), dialect: dialect,
            token: try token.map { try BearerToken($0) }, user: user, role: role)
    }

    func decode(_ text: String) -> [ServerEvent] {
        var codec = dialect.makeCodec(for: .user)
        return codec.decode(text).events
    }

    func frame(_ command: ClientCommand) throws -> [String: Any] {
        var codec = dialect.makeCodec(for: .user)
        let encoded = codec.encode(command, date: Date())
        let text = try #require(encoded)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theSocketNamesTheUserAndRoleAndTheTokenOnlyWhenThereIsOne() throws {
        #expect(dialect.socketURL(for: .user, settings: try settings()) == "wss://chat.example.com:443/base/ws/chat/agent_1?role=atendente")
        #expect(dialect.socketURL(for: .user, settings: try settings(token: "a.b.c", role: "supervisor"))
            == "wss://chat.example.com:443/base/ws/chat/agent_1?role=supervisor&token=a.b.c")
    }

    @Test func theIdentityIsCheckedBeforeAnyConnection() throws {
        #expect(throws: ChatError.usage("the rooms dialect needs a user id: pass --user ID, set CHAT_USER, or use a token whose sub names the user")) {
            try dialect.checkIdentity(of: try settings(user: nil))
        }
        #expect(throws: ChatError.usage("unknown role 'admin' (valid roles: cliente, atendente, supervisor)")) {
            try dialect.checkIdentity(of: try settings(role: "admin"))
        }
        #expect(throws: ChatError.self) { try dialect.checkIdentity(of: try settings(user: "../etc")) }
        try dialect.checkIdentity(of: try settings(token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudF8yIn0.c2ln", user: nil))
    }

    @Test func roomIDsAreOpaqueButSane() throws {
        #expect(try dialect.validate(conversationID: "conv_123") == "conv_123")
        #expect(throws: ChatError.self) { try dialect.validate(conversationID: "a b") }
        #expect(throws: ChatError.self) { try dialect.validate(conversationID: "") }
        #expect(throws: ChatError.self) { try dialect.validate(conversationID: "x\u{1B}[2J") }
    }

    @Test func encodesEveryCommand() throws {
        let entry = OutboxEntry(id: "c-1", conversationID: "conv_1", content: "olá", createdAt: Date())
        let message = try frame(.send(entry))
        #expect(message["event"] as? String == "message")
        #expect(message["data"] as? [String: String] == ["room_id": "conv_1", "content": "olá", "type": "text"])
        #expect(try frame(.join("conv_1"))["event"] as? String == "join_room")
        #expect(try frame(.typing("conv_1", isTyping: true))["event"] as? String == "typing_start")
        #expect(try frame(.typing("conv_1", isTyping: false))["event"] as? String == "typing_stop")
        #expect(try frame(.heartbeat)["event"] as? String == "heartbeat")
        let read = try frame(.markRead("conv_1", ["m1"]))
        #expect(read["event"] as? String == "message_read")
        #expect((read["data"] as? [String: Any])?["message_ids"] as? [String] == ["m1"])
    }

    @Test func decodesEveryServerEvent() throws {
        #expect(decode(#"{"event":"connected","data":{"connection_id":"x","user_id":"agent_1","role":"atendente","server_time":"2024-01-01T12:00:00Z"}}"#)
            == [.connected(conversationID: nil, userID: "agent_1")])
        #expect(decode(#"{"event":"message_sent","data":{"message_id":"msg_9","status":"sent"}}"#)
            == [.acknowledged(Acknowledgement(messageID: "msg_9"))])
        #expect(decode(#"{"event":"heartbeat","data":{"status":"alive","server_time":"x"}}"#) == [.pong])
        #expect(decode(#"{"event":"typing_start","data":{"user_id":"c1","room_id":"conv_1"}}"#)
            == [.typing("conv_1", userID: "c1", isTyping: true)])
        #expect(decode(#"{"event":"conversation_assigned","data":{"room_id":"conv_1","agent_id":"agent_1","client_name":"João"}}"#)
            == [.joined("conv_1"), .notice(.assigned("conv_1", agent: "agent_1", clientName: "João"))])
        #expect(decode(#"{"event":"queue_update","data":{"queue_size":5,"new_conversation":"conv_789"}}"#)
            == [.notice(.queue(size: 5, newConversation: "conv_789"))])
        #expect(decode(#"{"event":"queue_position","data":{"position":3,"estimated_wait":"6-15 minutos"}}"#)
            == [.notice(.queuePosition(3, estimatedWait: "6-15 minutos"))])
        #expect(decode(#"{"event":"system_message","data":{"message":"maintenance at 22:00","type":"broadcast"}}"#)
            == [.notice(.system("maintenance at 22:00"))])
        #expect(decode(#"{"event":"message_read","data":{"room_id":"conv_1","user_id":"c1","message_ids":["m1","m2"]}}"#)
            == [.read("conv_1", userID: "c1", messageIDs: ["m1", "m2"])])
        #expect(decode(#"{"event":"disconnected","data":{"user_id":"c1"}}"#) == [.presence(userID: "c1", online: false)])
        #expect(decode(#"{"event":"error","data":{"error":"Rate limit exceeded"}}"#)
            == [.error(ServerError(kind: .rateLimited, message: "Rate limit exceeded"))])
        #expect(decode(#"{"event":"error","data":{"error":"Invalid message format"}}"#)
            == [.error(ServerError(kind: .rejected, message: "Invalid message format"))])
    }

    @Test func messagesAndBotResponsesBecomeMessages() throws {
        let events = decode(#"""
            {"event":"message","data":{"id":"msg_1","room_id":"conv_1","sender_id":"c1","sender_role":"cliente",
            "content":"Olá, preciso de ajuda!","type":"text","timestamp":"2024-01-01T12:00:00Z"}}
            """#)
        let message = try #require(events.first?.message)
        #expect(message.id == "msg_1")
        #expect(message.conversationID == "conv_1")
        #expect(message.sender == .client)
        #expect(message.metadata?["sender_id"] == "c1")

        var codec = dialect.makeCodec(for: .user)
        _ = codec.encode(.send(OutboxEntry(id: "c-1", conversationID: "conv_7", content: "oi", createdAt: Date())), date: Date())
        let bot = try #require(codec.decode(#"""
            {"event":"bot_response","timestamp":"2024-01-01T12:00:01Z","data":{"id":"msg_2","content":"Olá! Sou a assistente virtual",
            "metadata":{"intent":"saudacao","quick_replies":["Ver minha conta","Falar com atendente"]}}}
            """#).events.first?.message)
        #expect(bot.conversationID == "conv_7", "a bot response without a room answers the room just written to")
        #expect(bot.sender == .system)
        #expect(bot.metadata?["quick_replies"] == ["Ver minha conta", "Falar com atendente"])
    }

    @Test(arguments: [
        "", "[]", #"{"data":{}}"#, #"{"event":"message","data":"x"}"#, #"{"event":"message","data":{"room_id":"r"}}"#,
        #"{"event":"message_sent","data":{}}"#, #"{"event":"mystery","data":{}}"#,
        #"{"event":"typing_start","data":{"room_id":"r"}}"#,
    ])
    func malformedFramesAreUnrecognizedNotFatal(text: String) throws {
        let (raw, reason) = try #require(decode(text).first?.unrecognized)
        #expect(!reason.isEmpty)
        #expect(!raw.isEmpty || text.isEmpty)
    }

    @Test func absurdNumbersAreClamped() {
        #expect(decode(#"{"event":"queue_update","data":{"queue_size":1e300}}"#) == [.notice(.queue(size: 0, newConversation: nil))])
        #expect(decode(#"{"event":"queue_update","data":{"queue_size":-4}}"#) == [.notice(.queue(size: 0, newConversation: nil))])
    }
}
