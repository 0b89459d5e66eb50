import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct RateLimitTests {
    @Test(arguments: ServerStore.allCases) func webSocketMessagesOverTheLimitGetAnErrorAndAreNotStored(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 3
        let server = try await ChatServerProcess.start(options)
        let conversationID = try await server.http().newConversationID()
        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        for index in 1...4 {
            socket.send(type: "send_message", payload: messagePayload("message \(index)"))
        }
        var echoed: [String] = []
        var errors: [String] = []
        while echoed.count + errors.count < 4 {
            let frame = try await socket.nextNonPingFrame()
            switch frame["type"]?.stringValue {
            case "new_message": echoed.append(frame["payload"]?["content"]?.stringValue ?? "")
            case "error": errors.append(frame["payload"]?["error"]?.stringValue ?? "")
            default: Issue.record("unexpected frame \(frame.jsonText)")
            }
        }
        #expect(echoed == ["message 1", "message 2", "message 3"])
        #expect(errors == ["Rate limit exceeded"])
        #expect(try await server.http().history(conversationID).map(\.content) == echoed)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func typingEventsOverTheLimitGetAnError(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.typingRate = 2
        let server = try await ChatServerProcess.start(options)
        let conversationID = try await server.http().newConversationID()
        let typist = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-1"))
        try await typist.expectJoined(as: "agent-1")
        let watcher = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-2"))
        try await watcher.expectJoined(as: "agent-2")
        typist.send(type: "typing_start")
        typist.send(type: "typing_stop")
        typist.send(type: "typing_start")
        #expect(try await typist.nextError() == "Rate limit exceeded")
        #expect(try await watcher.nextNonPingFrame()["type"]?.stringValue == "user_typing")
        #expect(try await watcher.nextNonPingFrame()["type"]?.stringValue == "user_stopped_typing")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func restMessagesShareTheLimitAndGet429WithRetryAfter(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 2
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let conversationID = try await http.newConversationID()
        #expect(try await http.postMessage(conversationID, content: "one").status == 201)
        #expect(try await http.postMessage(conversationID, content: "two").status == 201)
        let limited = try await http.postMessage(conversationID, content: "three")
        #expect(limited.status == 429)
        #expect(try limited.json()["detail"]?.stringValue == "Rate limit exceeded")
        let retryAfter = try #require(limited.header("Retry-After").flatMap(Int.init))
        #expect((1...60).contains(retryAfter))

        let socket = try await server.connect(conversation: conversationID)
        try await socket.expectJoined(as: "agent-1")
        socket.send(type: "send_message", payload: messagePayload("four"))
        #expect(try await socket.nextError() == "Rate limit exceeded")

        let otherUser = try server.http(token: server.token(sub: "agent-2"))
        #expect(try await otherUser.postMessage(conversationID, content: "five").status == 201)
        #expect(try await http.history(conversationID).map(\.content) == ["one", "two", "five"])
        await server.stop()
    }
}
