import ChatModel
import Foundation
import Testing
import TestSupport

/// Two instances on one PostgreSQL database: what happens on one reaches the sockets of the
/// other, exactly once, and what must hold across instances is enforced by the database.
@Suite(.live) struct ClusterMessagingTests {
    @Test func messagesTypingPresenceAndRESTCrossInstancesExactlyOnce() async throws {
        var options = ServerOptions(store: .postgres)
        options.presenceTimeout = 0.5
        let pair = try await ClusterPair.start(options)
        let id = try await pair.first.http().newConversationID()
        #expect(try await pair.second.http().conversation(id).status == .active, "REST on the other instance sees it")

        let onFirst = try await pair.first.connect(conversation: id, token: pair.first.token(sub: "agent-1"))
        try await onFirst.expectJoined(as: "agent-1")
        let onSecond = try await pair.second.connect(conversation: id, token: pair.second.token(sub: "agent-2"))
        try await onSecond.expectJoined(as: "agent-2")
        let online = try await onFirst.nextFrame(ofType: "presence_update")
        #expect(online["payload"]?["user_id"]?.stringValue == "agent-2")
        #expect(online["payload"]?["status"]?.stringValue == "online")

        onFirst.send(type: "typing_start")
        let typing = try await onSecond.nextFrame(ofType: "user_typing")
        #expect(typing["payload"]?["user_id"]?.stringValue == "agent-1")
        onFirst.send(type: "typing_stop")
        #expect(try await onSecond.nextFrame(ofType: "user_stopped_typing")["payload"]?["user_id"]?.stringValue == "agent-1")

        onFirst.send(type: "send_message", payload: messagePayload("from the first", clientMessageID: "c-1"))
        let echo = try await onFirst.nextFrame(ofType: "new_message")
        let delivered = try await onSecond.nextFrame(ofType: "new_message")
        #expect(echo["payload"] == delivered["payload"])
        let rest = try await pair.second.http().sendMessage(id, content: "over REST on the second")
        #expect(try await onFirst.nextFrame(ofType: "new_message")["payload"]?["id"]?.stringValue == rest.id.rawValue)
        #expect(try await onSecond.nextFrame(ofType: "new_message")["payload"]?["id"]?.stringValue == rest.id.rawValue)

        #expect(try await onFirst.contentsUntilMarker("marker-1").isEmpty, "nothing arrived twice on the first")
        #expect(try await onSecond.nextFrame(ofType: "new_message")["payload"]?["content"]?.stringValue == "marker-1")
        #expect(try await onSecond.contentsUntilMarker("marker-2").isEmpty, "nothing arrived twice on the second")
        let history = try await pair.first.http().history(id).map(\.content)
        #expect(history == ["from the first", "over REST on the second", "marker-1", "marker-2"])
        #expect(try await pair.second.http().history(id) == (try await pair.first.http().history(id)))

        onSecond.close()
        let offline = try await onFirst.nextFrame(ofType: "presence_update")
        #expect(offline["payload"]?["user_id"]?.stringValue == "agent-2")
        #expect(offline["payload"]?["status"]?.stringValue == "offline")
        await pair.stop()
    }

    @Test func theSameClientMessageIDSentToBothInstancesAtOnceIsStoredOnce() async throws {
        var options = ServerOptions(store: .postgres)
        options.messageRate = 100_000
        let pair = try await ClusterPair.start(options)
        let id = try await pair.first.http().newConversationID()
        let clients = [try pair.first.http(), try pair.second.http()]
        let rounds = 25
        for round in 0..<rounds {
            let responses = try await withThrowingTaskGroup(of: TestHTTPResponse.self) { group in
                for client in clients {
                    group.addTask { try await client.postMessage(id, content: "round \(round)", clientMessageID: "dup-\(round)") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.map(\.status).sorted() == [200, 201], "one stored it, the other found it")
            let messages = try responses.map { try $0.decode(Message.self) }
            #expect(messages[0] == messages[1], "each sender gets the stored message")
        }
        let history = try await pair.first.http().history(id)
        #expect(history.count == rounds)
        #expect(Set(history.compactMap(\.clientMessageID)).count == rounds)
        await pair.stop()
    }

    @Test func withoutDedupeRepeatsAreStoredOnBothInstances() async throws {
        var options = ServerOptions(store: .postgres)
        options.deduplicates = false
        let pair = try await ClusterPair.start(options)
        let id = try await pair.first.http().newConversationID()
        #expect(try await pair.first.http().postMessage(id, content: "once", clientMessageID: "same").status == 201)
        #expect(try await pair.second.http().postMessage(id, content: "twice", clientMessageID: "same").status == 201)
        #expect(try await pair.first.http().history(id).map(\.content) == ["once", "twice"])
        await pair.stop()
    }

    @Test func theMessageRateLimitHoldsAcrossInstances() async throws {
        var options = ServerOptions(store: .postgres)
        options.messageRate = 3
        let pair = try await ClusterPair.start(options)
        let id = try await pair.first.http().newConversationID()
        #expect(try await pair.first.http().postMessage(id, content: "one").status == 201)
        #expect(try await pair.second.http().postMessage(id, content: "two").status == 201)
        #expect(try await pair.first.http().postMessage(id, content: "three").status == 201)
        let limited = try await pair.second.http().postMessage(id, content: "four")
        #expect(limited.status == 429)
        #expect((1...60).contains(try #require(limited.header("Retry-After").flatMap(Int.init))))
        let otherUser = try pair.second.http(token: pair.second.token(sub: "agent-2"))
        #expect(try await otherUser.postMessage(id, content: "five").status == 201)
        await pair.stop()
    }

    @Test func roomsSocketsOnBothInstancesGetStoredMessages() async throws {
        let pair = try await ClusterPair.start(quietRooms(.postgres))
        let room = try await pair.first.http().newConversationID()
        let agent = try await pair.first.connectRooms("ana", role: "atendente")
        let customer = try await pair.second.connectRooms("joao", role: "cliente")
        agent.join(room)
        customer.join(room)
        try await agent.expectNothingPending()
        try await customer.expectNothingPending()

        customer.say("Oi, vim pelo outro servidor", in: room)
        let ack = try await customer.expectEvent("message_sent")
        let delivered = try await agent.expectEvent("message")
        #expect(delivered["id"] == ack["message_id"])
        #expect(delivered["sender_id"]?.stringValue == "joao")
        #expect(delivered["sender_role"]?.stringValue == "cliente")
        try await customer.expectNothingPending()

        let watcher = try await pair.second.connect(conversation: room)
        try await watcher.expectJoined(as: "agent-1")
        agent.say("Olá, João!", in: room)
        try await agent.expectEvent("message_sent")
        #expect(try await customer.expectEvent("message")["sender_role"]?.stringValue == "atendente")
        #expect(try await watcher.nextFrame(ofType: "new_message")["payload"]?["content"]?.stringValue == "Olá, João!")
        await pair.stop()
    }
}
