import ChatModel
import Foundation
import Testing

@Suite struct ModelCodingTests {
    static let conversationJSON = """
        {"id":"7f3a2b1c-0000-4000-8000-000000000001","client_id":"7f3a2b1c-0000-4000-8000-000000000002",
         "status":"active","channel":"whatsapp","assigned_agent_id":null,"priority":"High",
         "summary":"printer on fire","tags":["hardware"],"unread_count":2,
         "start_date":"2025-11-18T14:00:00.000001","last_update":"2025-11-18T14:02:00Z",
         "created_at":"2025-11-18T14:00:00+00:00","updated_at":"2025-11-18T14:02:00.5Z"}
        """

    @Test func jsonValuesKeepTheirKinds() throws {
        let text = #"{"s":"1","t":"true","n":1,"f":2.5,"b":true,"z":null,"a":[1,"x",false],"o":{"k":"v"}}"#
        let value = try ChatJSON.decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == .object([
            "s": .string("1"), "t": .string("true"), "n": .number(1), "f": .number(2.5), "b": .bool(true), "z": .null,
            "a": .array([.number(1), .string("x"), .bool(false)]), "o": .object(["k": .string("v")]),
        ]))
    }

    @Test func jsonTextReadsBackAsTheSameValueAndMatchesTheEncoderOnFrames() throws {
        let tricky: JSONValue = .object([
            "quote \" and \\": .string("line\nbreak\ttab\r\u{01}\u{1F} / é 🙂 \u{2028}"),
            "numbers": .array([.number(1), .number(-3), .number(2.5), .number(1e20), .number(0.1), .number(-0.0)]),
            "flags": .array([.bool(true), .bool(false), .null]),
            "nested": .object(["empty": .object([:]), "none": .array([])]),
        ])
        let text = try #require(tricky.jsonText)
        #expect(try ChatJSON.decode(JSONValue.self, from: Data(text.utf8)) == tricky)

        let frame: JSONValue = .object([
            "type": .string("send_message"), "timestamp": .string("2025-11-18T14:00:00.000001Z"),
            "payload": .object([
                "content": .string("Olá, \"Ana\" 👋 https://example.com/a/b"), "type": .string("text"),
                "metadata": .object(["client_message_id": .string("7f3a2b1c-0000-4000-8000-0000000000a1")]),
            ]),
        ])
        #expect(frame.jsonText == String(decoding: try ChatJSON.encode(frame), as: UTF8.self))
        #expect(JSONValue.array([.number(.nan)]).jsonText == nil, "JSON has no NaN")
    }

    @Test func decodesConversationFromServerJSON() throws {
        let c = try ChatJSON.decode(Conversation.self, from: Data(Self.conversationJSON.utf8))
        #expect(c.status == .active)
        #expect(c.channel == .whatsapp)
        #expect(c.priority == .high)
        #expect(c.tags == ["hardware"])
        #expect(c.unreadCount == 2)
        #expect(c.assignedAgentID == nil)
    }

    @Test func conversationRoundTripsWithSnakeCaseKeys() throws {
        let c = try ChatJSON.decode(Conversation.self, from: Data(Self.conversationJSON.utf8))
        let data = try ChatJSON.encode(c)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == [
            "id", "client_id", "status", "channel", "assigned_agent_id", "priority", "summary", "tags",
            "unread_count", "start_date", "last_update", "created_at", "updated_at",
        ])
        #expect(try ChatJSON.decode(Conversation.self, from: data) == c)
    }

    @Test func unknownEnumValueNamesTheValidOnes() {
        let bad = Self.conversationJSON.replacingOccurrences(of: "\"active\"", with: "\"archived\"")
        #expect {
            try ChatJSON.decode(Conversation.self, from: Data(bad.utf8))
        } throws: { error in
            "\(error)".contains("invalid status 'archived' (expected one of: active, closed, pending)")
        }
    }

    @Test func messageCarriesClientIDInMetadata() throws {
        let json = """
            {"id":"7f3a2b1c-0000-4000-8000-000000000003","conversation_id":"7f3a2b1c-0000-4000-8000-000000000001",
             "sender":"admin","type":"text","content":"hi","metadata":{"client_message_id":"abc","n":1},
             "timestamp":"2025-11-18T14:02:00Z","is_read":true,"created_at":"2025-11-18T14:02:00Z"}
            """
        let m = try ChatJSON.decode(Message.self, from: Data(json.utf8))
        #expect(m.clientMessageID == "abc")
        #expect(m.metadata?["n"] == .number(1))
        #expect(m.kind == .text)
        #expect(try ChatJSON.decode(Message.self, from: ChatJSON.encode(m)) == m)
    }

    @Test func changesEncodeOnlySetFields() throws {
        let data = try ChatJSON.encode(ConversationChanges(priority: .medium))
        #expect(String(decoding: data, as: UTF8.self) == #"{"priority":"Medium"}"#)
        #expect(ConversationChanges().isEmpty)
    }

    @Test func parseListsValidValues() throws {
        #expect(throws: InvalidWireValue(field: "priority", value: "urgent", expected: "Low, Medium, High")) {
            try Conversation.Priority.parse("urgent")
        }
        #expect(try Conversation.Priority.parse("High") == .high)
    }
}

@Suite struct WireIDTests {
    @Test func idsAreWrittenLowercaseLikeTheSeedServers() throws {
        let id = UUID(uuidString: "7F3A2B1C-0000-4000-8000-00000000000A")!
        let draft = MessageDraft(conversationID: ConversationID(id), sender: .admin, content: "x")
        let text = String(decoding: try ChatJSON.encode(draft), as: UTF8.self)
        #expect(text.contains("7f3a2b1c-0000-4000-8000-00000000000a"))
        #expect(!text.contains("7F3A2B1C"))
        let create = String(decoding: try ChatJSON.encode(ConversationDraft(clientID: id, channel: .web)), as: UTF8.self)
        #expect(create.contains(#""client_id":"7f3a2b1c-0000-4000-8000-00000000000a""#))
    }
}
