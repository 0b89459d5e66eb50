import ChatClientKit
import Foundation
import Testing

/// The `socketio` dialect's packets (Engine.IO v4 / Socket.IO v5, PROTOCOLS.md §3) and settings.
@Suite struct SocketIODialectTests {
    let dialect = SocketIODialect()

    static let open = #"0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
    static let storedRow = #"""
        {"id":"m-1","conversation_id":"c-1","sender":"agent","sender_id":"alice","content":"ol\u00e1 \ud83d\udc4b",\#
        "message_type":"text","client_message_id":"k-1","is_read":0,"created_at":"2025-11-18T14:01:02.123Z"}
        """#

    func codec() -> any DialectCodec {
        dialect.makeCodec(for: .user, credentials: SocketCredentials(token: "a.b.c", userID: "alice"))
    }

    /// A codec past the handshake, with `register` acknowledged (ack id 1).
    func registered() -> any DialectCodec {
        var codec = codec()
        _ = codec.decode(Self.open)
        _ = codec.decode(#"40{"sid":"x"}"#)
        _ = codec.decode(#"431[{"success":true,"userId":"alice"}]"#)
        return codec
    }

    func settings(token: String? = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln", user: String? = nil) throws -> ClientSettings {
        ClientSettings(
            server: try ServerAddress("https://chat.example.com/base"), dialect: dialect,
            token: try token.map { try BearerToken($0) }, user: user)
    }

    @Test func theSocketURLCarriesNoToken() throws {
        #expect(dialect.socketURL(for: .user, settings: try settings())
            == "wss://chat.example.com:443/base/socket.io/?EIO=4&transport=websocket")
    }

    @Test func theUserComesFromTheTokenOrTheFlag() throws {
        try dialect.checkIdentity(of: try settings())
        #expect(try settings().userID == "alice")
        #expect(throws: ChatError.self) { try dialect.checkIdentity(of: try settings(user: "a b")) }
        #expect(try dialect.validate(conversationID: " 0b7c3f52-conv ") == "0b7c3f52-conv")
        #expect(throws: ChatError.self) { try dialect.validate(conversationID: "a/b") }
    }

    @Test func theHandshakeConnectsWithTheTokenThenRegisters() {
        var codec = codec()
        let opened = codec.decode(Self.open)
        #expect(opened.events == [.liveness(seconds: 45)])
        #expect(opened.replies == [#"40{"token":"a.b.c"}"#])
        #expect(codec.maxFrameBytes == 1_000_000)
        let connected = codec.decode(#"40{"sid":"x"}"#)
        #expect(connected.events.isEmpty)
        #expect(connected.replies == [#"421["register","alice"]"#])
        #expect(codec.decode(#"431[{"success":true,"userId":"alice","queuedMessages":0}]"#).events
            == [.connected(conversationID: nil, userID: "alice")])
    }

    @Test func aRefusedConnectOrRegisterIsACredentialsRejection() {
        var codec = codec()
        _ = codec.decode(Self.open)
        #expect(codec.decode(#"44{"message":"Authentication error: jwt expired"}"#).events
            == [.credentialsRejected("Authentication error: jwt expired")])
        #expect(codec.decode(#"44"Unable to connect""#).events == [.credentialsRejected("Unable to connect")])
        _ = codec.decode(#"40{"sid":"x"}"#)
        #expect(codec.decode(#"431[{"success":false,"error":"Invalid user"}]"#).events == [.credentialsRejected("Invalid user")])
    }

    @Test func everyPingIsAnsweredAtOnce() {
        var codec = registered()
        #expect(codec.decode("2") == Decoded([.ping], replies: ["3"]))
        #expect(codec.decode("2probe") == Decoded([.ping], replies: ["3probe"]))
        #expect(codec.decode("6").events.isEmpty)
    }

    @Test func aNewMessageIsAcknowledgedAndBecomesTheCustomers() throws {
        var codec = registered()
        let frame = #"""
            427["new_message",{"id":"e-1","type":"new_message","conversationId":"c-1","contactId":"k","contactName":"Ana",\#
            "messageId":"m-9","content":"ol\u00e1","messageType":"text","timestamp":"2025-11-18T14:01:02.123Z",\#
            "acknowledgmentRequired":true}]
            """#
        let decoded = codec.decode(frame)
        #expect(decoded.replies == ["437[]"])
        let message = try #require(decoded.events.first?.message)
        #expect(message.id == "m-9")
        #expect(message.conversationID == "c-1")
        #expect(message.content == "olá")
        #expect(message.sender == .client)
        #expect(message.timestamp == Timestamp.parse("2025-11-18T14:01:02.123Z"))
    }

    @Test func aNewMessageWithoutAnAckIDIsConfirmedWithMessageAck() {
        var codec = registered()
        let decoded = codec.decode(#"""
            42["new_message",{"conversationId":"c-1","messageId":"m-9","content":"x","timestamp":"2025-11-18T14:01:02.123Z",\#
            "acknowledgmentRequired":true}]
            """#)
        #expect(decoded.replies == [#"42["message_ack",{"messageId":"m-9"}]"#])
    }

    @Test func aSendIsMatchedWithItsAcknowledgementByAckID() throws {
        var codec = registered()
        let entry = OutboxEntry(id: "k-1", conversationID: "c-1", content: "olá", createdAt: Date())
        let encoded = codec.encode(.send(entry), date: Date())
        let frame = try #require(encoded)
        #expect(frame.hasPrefix(#"422["send_message","#))
        #expect(frame.contains(#""clientMessageId":"k-1""#))
        let ack = codec.decode(#"432[{"success":true,"message":\#(Self.storedRow)}]"#)
        let stored = try SocketIOTestRows.message(Self.storedRow)
        #expect(ack.events == [.acknowledged(Acknowledgement(clientID: "k-1", messageID: "m-1", stored: stored))])
        #expect(stored.content == "olá 👋")
        #expect(stored.sender == .admin)
        #expect(stored.clientMessageID == "k-1")

        #expect(codec.decode(#"432[{"success":true}]"#).events.first?.unrecognized != nil, "the same ack id answers nothing twice")
    }

    @Test func aRefusedSendSaysWhy() throws {
        var codec = registered()
        let entry = OutboxEntry(id: "k-2", conversationID: "c-1", content: "x", createdAt: Date())
        _ = codec.encode(.send(entry), date: Date())
        #expect(codec.decode(#"432[{"success":false,"error":"Conversation is closed"}]"#).events == [
            .acknowledged(Acknowledgement(clientID: "k-2", refusal: ServerError(kind: .conversationClosed, message: "Conversation is closed")))
        ])
    }

    @Test func syncAsksFromATokenOrATimeAndItsResponseIsABatch() throws {
        var codec = registered()
        #expect(codec.encode(.sync(since: .token("2025-11-18T14:01:02.123Z")), date: Date())
            == #"422["sync_request",{"lastSyncTimestamp":"2025-11-18T14:01:02.123Z"}]"#)
        let time = try #require(Timestamp.parse("2025-11-18T14:01:02.123987Z"))
        #expect(codec.encode(.sync(since: .time(time)), date: Date())
            == #"423["sync_request",{"lastSyncTimestamp":"2025-11-18T14:01:02.123Z"}]"#, "milliseconds, rounded down")
        let response = codec.decode(#"""
            42["sync_response",{"type":"sync_response","conversations":[],"messages":[\#(Self.storedRow)],\#
            "syncTimestamp":"2025-11-18T15:00:00.000Z"}]
            """#)
        #expect(response.events == [.synced(SyncBatch(
            messages: [try SocketIOTestRows.message(Self.storedRow)], token: "2025-11-18T15:00:00.000Z", cap: 1000))])
        #expect(codec.decode(#"432[{"success":true,"syncTimestamp":"2025-11-18T15:00:00.000Z"}]"#).events.isEmpty)
    }

    @Test func serverEventsBecomeNoticesTypingAndErrors() throws {
        var codec = registered()
        #expect(codec.decode(#"42["typing",{"conversationId":"c-1","userId":"bob","isTyping":true}]"#).events
            == [.typing("c-1", userID: "bob", isTyping: true)])
        #expect(codec.decode(#"42["notification",{"id":"n","type":"warning","title":"SLA","message":"5 min left"}]"#).events
            == [.notice(.notification(title: "SLA", message: "5 min left", level: "warning"))])
        #expect(codec.decode(#"42["error",{"message":"Not registered: send register first"}]"#).events
            == [.error(ServerError(kind: .rejected, message: "Not registered: send register first"))])
        #expect(codec.decode(#"42["heartbeat",{}]"#).events == [.ping])
        let update = codec.decode(#"""
            42["conversation_update",{"conversation":{"id":"c-1","contact_id":"k","contact_name":"Ana","status":"closed",\#
            "unread_count":2,"created_at":"2025-11-18T14:00:00.000Z","updated_at":"2025-11-18T14:05:00.000Z"}}]
            """#)
        let conversation = try #require(update.events.first?.updatedConversation)
        #expect(conversation.status == .closed)
        #expect(conversation.unreadCount == 2)
        #expect(conversation.summary == "Ana")
    }

    @Test func aServerDisconnectOrCloseEndsTheSession() {
        var codec = registered()
        #expect(codec.decode("41").events == [.goingAway("the server disconnected the socket")])
        #expect(codec.decode("1").events == [.goingAway("the server closed the Engine.IO session")])
    }

    @Test(arguments: [
        "", "9", "4", "42notjson", "42[]", "42[1,2]", "43[{}]", "4399[{}]", "451-[\"x\",{\"_placeholder\":true,\"num\":0}]",
        "0notjson", "42/admin,[\"x\"]", "421234567890[\"x\"]", "42[\"new_message\",{\"content\":\"no ids\"}]",
        "42[\"sync_response\",{\"messages\":[{\"id\":\"m\"}]}]", "42[\"typing\",{}]",
        "42[\"conversation_update\",{}]", "42[\"mystery\",{}]",
    ])
    func malformedPacketsAreUnrecognizedNotFatal(text: String) {
        var codec = registered()
        let events = codec.decode(text).events
        #expect(events.count == 1)
        #expect(events.allSatisfy { $0.unrecognized != nil })
    }

    @Test func absurdTimingsAndLimitsFromTheServerAreIgnored() {
        var codec = codec()
        let decoded = codec.decode(#"0{"sid":"s","pingInterval":-5,"pingTimeout":1e300,"maxPayload":-1}"#)
        #expect(decoded.events.isEmpty)
        #expect(codec.maxFrameBytes == nil)
    }
}

extension ServerEvent {
    var updatedConversation: Conversation? {
        if case .notice(.conversationUpdated(let conversation)) = self { conversation } else { nil }
    }
}

/// Reads a stored row the way the codec does, for expectations.
enum SocketIOTestRows {
    static func message(_ row: String) throws -> Message {
        var codec = SocketIODialect().makeCodec(for: .user, credentials: SocketCredentials(token: nil, userID: "u"))
        let decoded = codec.decode(#"42["sync_response",{"messages":[\#(row)],"syncTimestamp":"x"}]"#)
        guard case .synced(let batch)? = decoded.events.first, let message = batch.messages.first else {
            throw ChatError.invalidResponse("not a stored row: \(row)")
        }
        return message
    }
}
