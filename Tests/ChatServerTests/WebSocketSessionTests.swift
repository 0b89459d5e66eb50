import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct WebSocketSessionTests {
    @Test(arguments: ServerStore.allCases) func joinSendsConnectedThenPresenceToEveryone(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let conversationID = try await server.http().newConversationID()
        let first = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-1"))
        let connected = try await first.nextNonPingFrame()
        #expect(connected["type"]?.stringValue == "connected")
        #expect(UUID(uuidString: connected["payload"]?["conversation_id"]?.stringValue ?? "") == UUID(uuidString: conversationID))
        #expect(connected["payload"]?["user_id"]?.stringValue == "agent-1")
        #expect(Timestamp.parse(connected["payload"]?["timestamp"]?.stringValue ?? "") != nil)
        #expect(Timestamp.parse(connected["timestamp"]?.stringValue ?? "") != nil)
        let ownPresence = try await first.nextNonPingFrame()
        #expect(ownPresence["type"]?.stringValue == "presence_update")
        #expect(ownPresence["payload"]?["user_id"]?.stringValue == "agent-1")
        #expect(ownPresence["payload"]?["status"]?.stringValue == "online")

        let second = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-2"))
        try await second.expectJoined(as: "agent-2")
        let seenByFirst = try await first.nextFrame(ofType: "presence_update")
        #expect(seenByFirst["payload"]?["user_id"]?.stringValue == "agent-2")
        #expect(seenByFirst["payload"]?["status"]?.stringValue == "online")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func newMessageReachesEverySocketIncludingTheSenderAfterItIsStored(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let conversationID = try await http.newConversationID()
        let sender = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-1"))
        try await sender.expectJoined(as: "agent-1")
        let watcher = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-2"))
        try await watcher.expectJoined(as: "agent-2")

        sender.send(type: "send_message", payload: messagePayload("Olá, tudo bem? 😀", clientMessageID: "c-1"))
        let echo = try await sender.nextFrame(ofType: "new_message")
        let delivered = try await watcher.nextFrame(ofType: "new_message")
        #expect(echo["payload"] == delivered["payload"])
        let payload = try #require(echo["payload"])
        #expect(payload["content"]?.stringValue == "Olá, tudo bem? 😀")
        #expect(payload["sender"]?.stringValue == "admin")
        #expect(payload["type"]?.stringValue == "text")
        #expect(payload["is_read"]?.boolValue == false)
        #expect(payload["metadata"]?[Message.clientMessageIDKey]?.stringValue == "c-1")

        let history = try await http.history(conversationID)
        #expect(history.map(\.id.uuid) == [UUID(uuidString: payload["id"]?.stringValue ?? "")])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func restMessagesAreBroadcastToo(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let conversationID = try await http.newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        let stored = try await http.sendMessage(conversationID, sender: "client", content: "I need help")
        let frame = try await socket.nextFrame(ofType: "new_message")
        #expect(UUID(uuidString: frame["payload"]?["id"]?.stringValue ?? "") == stored.id.uuid)
        #expect(frame["payload"]?["sender"]?.stringValue == "client")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func serverSendsPingFramesEveryInterval(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.pingInterval = 0.2
        let server = try await ChatServerProcess.start(options)
        let conversationID = try await server.http().newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        for _ in 0..<3 {
            let ping = try await socket.nextFrame(ofType: "ping")
            #expect(ping["payload"] == nil)
            #expect(Timestamp.parse(ping["timestamp"]?.stringValue ?? "") != nil)
        }
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func everyMalformedFrameGetsAnErrorAndTheConnectionStaysUp(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let conversationID = try await server.http().newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        let cases: [(String, String)] = [
            ("{not json", "Invalid JSON format"),
            ("42", "Invalid JSON format"),
            (#"{"payload":{}}"#, "Missing message type"),
            (#"{"type":"shout","payload":{}}"#, "Unknown message type: shout"),
            (#"{"type":"send_message","payload":{"content":""}}"#, "Invalid payload: content must not be empty"),
            (#"{"type":"send_message","payload":{"content":"x","type":"video"}}"#,
             "Invalid payload: type must be one of text, image, file"),
            (#"{"type":"mark_read","payload":{"message_ids":"all"}}"#,
             "Invalid payload: message_ids must be an array of message ids"),
        ]
        for (frame, expected) in cases {
            socket.send(frame)
            let error = try await socket.nextFrame(ofType: "error")
            #expect(error["payload"]?["error"]?.stringValue == expected)
            #expect(Timestamp.parse(error["payload"]?["timestamp"]?.stringValue ?? "") != nil)
        }
        socket.send(type: "send_message", payload: messagePayload("still here"))
        let echo = try await socket.nextFrame(ofType: "new_message")
        #expect(echo["payload"]?["content"]?.stringValue == "still here")
        #expect(try await server.http().history(conversationID).map(\.content) == ["still here"])
        await server.stop()
    }

    /// A client may write many frames without waiting (the SQLite store takes up to 32 of a
    /// socket's messages at once): every answer still comes in the order of the frames, echoes,
    /// refusals of malformed frames, a duplicate's echo and rate-limit errors alike.
    @Test(arguments: ServerStore.allCases) func answersFollowTheOrderOfFramesWrittenWithoutWaiting(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 60
        let server = try await ChatServerProcess.start(options)
        let conversationID = try await server.http().newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        var expected: [String] = []
        var stored: [String] = []
        for index in 0..<100 {
            if index % 10 == 9 {
                socket.send(#"{"type":"send_message","payload":{"content":""}}"#)
                expected.append("error Invalid payload: content must not be empty")
            } else if index == 50 {
                socket.send(type: "send_message", payload: messagePayload("again", clientMessageID: "c-0"))
                expected.append("new_message m0")
            } else {
                socket.send(type: "send_message", payload: messagePayload("m\(index)", clientMessageID: "c-\(index)"))
                if stored.count < 60 {
                    stored.append("m\(index)")
                    expected.append("new_message m\(index)")
                } else {
                    expected.append("error Rate limit exceeded")
                }
            }
        }
        var answers: [String] = []
        while answers.count < expected.count {
            let frame = try await socket.nextNonPingFrame()
            let type = frame["type"]?.stringValue ?? ""
            let text = type == "error" ? frame["payload"]?["error"]?.stringValue : frame["payload"]?["content"]?.stringValue
            answers.append("\(type) \(text ?? "")")
        }
        #expect(answers == expected)
        #expect(try await server.http().history(conversationID, limit: 100).map(\.content) == stored)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func framesOverTheSizeLimitAreRefusedWithoutClosing(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let conversationID = try await server.http().newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        let padding = String(repeating: "a", count: 10_240)
        socket.send(#"{"type":"send_message","payload":{"content":"\#(padding)"}}"#)
        let error = try #require(try await socket.nextError())
        #expect(error.hasPrefix("Message too large"))

        let fits = String(repeating: "b", count: 4_000)
        socket.send(type: "send_message", payload: messagePayload(fits))
        let echo = try await socket.nextFrame(ofType: "new_message")
        #expect(echo["payload"]?["content"]?.stringValue == fits)
        #expect(try await server.http().history(conversationID).map(\.content) == [fits])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func closedConversationRefusesWebSocketMessages(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let conversationID = try await http.newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        #expect(try await http.patch("/api/conversations/\(conversationID)/status?status=closed").status == 200)
        socket.send(type: "send_message", payload: messagePayload("anyone?"))
        #expect(try await socket.nextError() == "Cannot send message to closed conversation")
        #expect(try await http.history(conversationID).isEmpty)
        await server.stop()
    }
}
