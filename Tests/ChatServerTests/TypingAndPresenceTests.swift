import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct TypingAndPresenceTests {
    /// Two agents in one conversation, both past their join frames.
    private func pair(_ options: ServerOptions) async throws -> (ChatServerProcess, String, TestWebSocket, TestWebSocket) {
        let server = try await ChatServerProcess.start(options)
        let conversationID = try await server.http().newConversationID()
        let typist = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-1"))
        try await typist.expectJoined(as: "agent-1")
        let watcher = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-2"))
        try await watcher.expectJoined(as: "agent-2")
        _ = try await typist.nextFrame(ofType: "presence_update")
        return (server, conversationID, typist, watcher)
    }

    @Test(arguments: ServerStore.allCases) func typingIsBroadcastToOthersAndClearedByTheServer(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.typingTimeout = 0.5
        let (server, _, typist, watcher) = try await pair(options)
        typist.send(type: "typing_start")
        let typing = try await watcher.nextNonPingFrame()
        #expect(typing["type"]?.stringValue == "user_typing")
        #expect(typing["payload"]?["user_id"]?.stringValue == "agent-1")
        let cleared = try await watcher.nextNonPingFrame()
        #expect(cleared["type"]?.stringValue == "user_stopped_typing")
        #expect(cleared["payload"]?["user_id"]?.stringValue == "agent-1")

        typist.send(type: "send_message", payload: messagePayload("done typing"))
        let own = try await typist.nextNonPingFrame()
        #expect(own["type"]?.stringValue == "new_message", "the typist gets no typing frames about itself")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func typingStopIsForwarded(store: ServerStore) async throws {
        let (server, _, typist, watcher) = try await pair(ServerOptions(store: store))
        typist.send(type: "typing_start")
        #expect(try await watcher.nextNonPingFrame()["type"]?.stringValue == "user_typing")
        typist.send(type: "typing_stop")
        let stopped = try await watcher.nextNonPingFrame()
        #expect(stopped["type"]?.stringValue == "user_stopped_typing")
        #expect(stopped["payload"]?["user_id"]?.stringValue == "agent-1")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func sendingAMessageClearsTheSendersTypingAtOnce(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.typingTimeout = 600
        let (server, _, typist, watcher) = try await pair(options)
        typist.send(type: "typing_start")
        #expect(try await watcher.nextNonPingFrame()["type"]?.stringValue == "user_typing")
        typist.send(type: "send_message", payload: messagePayload("here it is"))
        let stopped = try await watcher.nextNonPingFrame()
        #expect(stopped["type"]?.stringValue == "user_stopped_typing")
        #expect(stopped["payload"]?["user_id"]?.stringValue == "agent-1")
        let message = try await watcher.nextNonPingFrame()
        #expect(message["type"]?.stringValue == "new_message")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func presenceGoesOfflineAfterTheLastSocketCloses(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.presenceTimeout = 0.5
        let (server, _, leaver, watcher) = try await pair(options)
        leaver.close()
        let offline = try await watcher.nextFrame(ofType: "presence_update")
        #expect(offline["payload"]?["user_id"]?.stringValue == "agent-1")
        #expect(offline["payload"]?["status"]?.stringValue == "offline")
        await server.stop()
    }

    /// The server's own ping frames serve as the clock: six pings on the watcher span more than
    /// the presence timeout, so an offline that was not cancelled would have arrived among them.
    /// The timeout leaves a loaded machine (the whole suite runs on both stores at once) ten
    /// seconds to reconnect.
    @Test(arguments: ServerStore.allCases) func reconnectingInTimeCancelsTheOfflineAnnouncement(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.pingInterval = 2
        options.presenceTimeout = 10
        let (server, conversationID, leaver, watcher) = try await pair(options)
        leaver.close()
        _ = try await leaver.closeFrame()
        let returning = try await server.connect(conversation: conversationID, token: server.token(sub: "agent-1"))
        try await returning.expectJoined(as: "agent-1")
        let online = try await watcher.nextFrame(ofType: "presence_update")
        #expect(online["payload"]?["status"]?.stringValue == "online")

        var pings = 0
        while pings < 6 {
            let frame = try await watcher.nextFrame()
            if frame["type"]?.stringValue == "ping" {
                pings += 1
            } else {
                Issue.record("unexpected frame while agent-1 is back: \(frame.jsonText)")
            }
        }
        returning.close()
        let offline = try await watcher.nextFrame(ofType: "presence_update")
        #expect(offline["payload"]?["status"]?.stringValue == "offline")
        #expect(offline["payload"]?["user_id"]?.stringValue == "agent-1")
        await server.stop()
    }
}
