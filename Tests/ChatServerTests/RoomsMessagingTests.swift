import ChatModel
import Foundation
import Testing
import TestSupport

/// Rooms: joining, messages (acknowledged, not echoed, stored, seen across dialects), typing,
/// read marks, disconnects, and the refusals on the way.
@Suite(.live) struct RoomsMessagingTests {
    @Test(arguments: ServerStore.allCases) func aMessageIsAcknowledgedToItsSenderAndDeliveredToTheOthersOnly(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        pair.agent.say("Olá, João! Como posso ajudar? 😀", in: pair.room)
        let ack = try await pair.agent.expectEvent("message_sent")
        #expect(ack["status"]?.stringValue == "sent")
        try await pair.agent.expectNothingPending()

        let delivered = try await pair.customer.expectEvent("message")
        #expect(delivered["id"] == ack["message_id"])
        #expect(delivered["room_id"]?.stringValue == pair.room)
        #expect(delivered["sender_id"]?.stringValue == "ana")
        #expect(delivered["sender_role"]?.stringValue == "atendente")
        #expect(delivered["content"]?.stringValue == "Olá, João! Como posso ajudar? 😀")
        #expect(delivered["type"]?.stringValue == "text")
        let stored = try #require(try await pair.http.history(pair.room).first)
        #expect(stored.id.rawValue == ack["message_id"]?.stringValue)
        #expect(stored.sender == .admin)
        #expect(Timestamp.parse(delivered["timestamp"]?.stringValue ?? "") == stored.timestamp)

        pair.customer.say("Meu pedido não chegou", in: pair.room, type: "image")
        try await pair.customer.expectEvent("message_sent")
        let fromCustomer = try await pair.agent.expectEvent("message")
        #expect(fromCustomer["sender_role"]?.stringValue == "cliente")
        #expect(fromCustomer["type"]?.stringValue == "image")
        #expect(try await pair.http.history(pair.room).map(\.sender) == [.admin, .client])
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func theSendersOtherSocketsInTheRoomGetTheMessage(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let secondTab = try await pair.server.connectRooms("ana")
        secondTab.join(pair.room)
        try await secondTab.expectNothingPending()
        pair.agent.say("from the first tab", in: pair.room)
        try await pair.agent.expectEvent("message_sent")
        #expect(try await secondTab.expectEvent("message")["content"]?.stringValue == "from the first tab")
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func roomsMessagesReachConversationsSocketsAndRestMessagesReachRooms(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let watcher = try await pair.server.connect(conversation: pair.room)
        try await watcher.expectJoined(as: "agent-1")

        pair.customer.say("vim pelo rooms", in: pair.room)
        let ack = try await pair.customer.expectEvent("message_sent")
        let seen = try await watcher.nextFrame(ofType: "new_message")
        #expect(seen["payload"]?["id"] == ack["message_id"])
        #expect(seen["payload"]?["sender"]?.stringValue == "client")
        #expect(seen["payload"]?["content"]?.stringValue == "vim pelo rooms")
        _ = try await pair.agent.expectEvent("message")

        let posted = try await pair.http.sendMessage(pair.room, sender: "admin", content: "via REST")
        for socket in [pair.agent, pair.customer] {
            let message = try await socket.expectEvent("message")
            #expect(message["id"]?.stringValue == posted.id.rawValue)
            #expect(message["sender_id"]?.stringValue == "agent-1", "the poster's token subject")
            #expect(message["sender_role"]?.stringValue == "atendente")
        }

        watcher.send(type: "send_message", payload: messagePayload("via the conversations socket"))
        let fromSocket = try await pair.customer.expectEvent("message")
        #expect(fromSocket["content"]?.stringValue == "via the conversations socket")
        #expect(fromSocket["sender_id"]?.stringValue == "agent-1")
        #expect(try await pair.http.history(pair.room).count == 3)
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func roomsThatAreNotConversationsAndRoomsNotJoinedAreRefused(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let stranger = try await pair.server.connectRooms("bia", role: "cliente")
        let unknown = UUID().uuidString.lowercased()
        for room in [unknown, "conv_123"] {
            stranger.join(room)
            #expect(try await stranger.expectError() == "Room not found: \(room)")
        }
        stranger.say("hello?", in: pair.room)
        #expect(try await stranger.expectError() == "Not in room: \(pair.room)")
        stranger.send(event: "typing_start", ["room_id": .string(pair.room)])
        #expect(try await stranger.expectError() == "Not in room: \(pair.room)")

        pair.customer.send(event: "leave_room", ["room_id": .string(pair.room)])
        pair.customer.say("still here?", in: pair.room)
        #expect(try await pair.customer.expectError() == "Not in room: \(pair.room)")
        #expect(try await pair.http.history(pair.room).isEmpty)

        stranger.join(pair.room.uppercased())
        stranger.say("joined with the uppercase id", in: pair.room)
        try await stranger.expectEvent("message_sent")
        #expect(try await pair.agent.expectEvent("message")["room_id"]?.stringValue == pair.room)
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func aClosedConversationRefusesMessages(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        #expect(try await pair.http.patch("/api/conversations/\(pair.room)/status?status=closed").status == 200)
        pair.customer.say("anyone?", in: pair.room)
        #expect(try await pair.customer.expectError() == "Conversation is closed")
        #expect(try await pair.http.history(pair.room).isEmpty)
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func rejectJoinDeploymentsOnlyLetAssignmentPutSocketsInRooms(store: ServerStore) async throws {
        var options = quietRooms(store)
        options.roomsRejectJoin = true
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let room = try await http.newConversationID()
        let agent = try await server.connectRooms("ana")
        agent.join(room)
        #expect(try await agent.expectError() == "Invalid message format")
        agent.say("hello", in: room)
        #expect(try await agent.expectError() == "Not in room: \(room)")

        #expect(try await http.post("/ws/assign/\(room)/ana").status == 200)
        #expect(try await agent.expectEvent("conversation_assigned")["room_id"]?.stringValue == room)
        agent.say("now I am in", in: room)
        try await agent.expectEvent("message_sent")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func theRateLimitRefusesMessagesOverTheLimitAndStoresNothing(store: ServerStore) async throws {
        var options = quietRooms(store)
        options.roomsMessageRate = 3
        let pair = try await RoomPair.start(options)
        for index in 1...3 {
            pair.customer.say("message \(index)", in: pair.room)
            try await pair.customer.expectEvent("message_sent")
        }
        pair.customer.say("one too many", in: pair.room)
        #expect(try await pair.customer.expectError() == "Rate limit exceeded")
        pair.agent.say("the agent has its own allowance", in: pair.room)
        for _ in 1...3 {
            _ = try await pair.agent.expectEvent("message")
        }
        try await pair.agent.expectEvent("message_sent")
        #expect(try await pair.http.history(pair.room).map(\.content) == [
            "message 1", "message 2", "message 3", "the agent has its own allowance",
        ])
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func typingIsRelayedToTheOthersAndNeverExpiresOnItsOwn(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        pair.customer.send(event: "typing_start", ["room_id": .string(pair.room)])
        let started = try await pair.agent.expectEvent("typing_start")
        #expect(started["user_id"]?.stringValue == "joao")
        #expect(started["room_id"]?.stringValue == pair.room)
        try await pair.customer.expectNothingPending()
        try await pair.agent.expectNothingPending()
        pair.customer.send(event: "typing_stop", ["room_id": .string(pair.room)])
        #expect(try await pair.agent.expectEvent("typing_stop")["user_id"]?.stringValue == "joao")
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func messageReadMarksTheStoreAndTellsTheOthers(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        pair.customer.say("leia isto", in: pair.room)
        let id = try #require(try await pair.customer.expectEvent("message_sent")["message_id"]?.stringValue)
        _ = try await pair.agent.expectEvent("message")
        pair.agent.send(event: "message_read", ["room_id": .string(pair.room), "message_ids": [.string(id)]])
        let read = try await pair.customer.expectEvent("message_read")
        #expect(read["room_id"]?.stringValue == pair.room)
        #expect(read["user_id"]?.stringValue == "ana")
        #expect(read["message_ids"] == [.string(id)])
        #expect(try await pair.http.history(pair.room).first?.isRead == true)
        try await pair.agent.expectNothingPending()

        let otherRoom = try await pair.http.newConversationID()
        let elsewhere = try await pair.http.sendMessage(otherRoom, content: "not in this room")
        let unknown = UUID().uuidString.lowercased()
        for bad in [elsewhere.id.rawValue, unknown] {
            pair.agent.send(event: "message_read", ["room_id": .string(pair.room), "message_ids": [.string(id), .string(bad)]])
            #expect(try await pair.agent.expectError() == "Message not found: \(bad)")
        }
        #expect(try await pair.http.history(otherRoom).first?.isRead == false)
        await pair.server.stop()
    }

    /// Once, although the agent shares two rooms with the customer.
    @Test(arguments: ServerStore.allCases) func theLastSocketOfAUserClosingTellsTheirRooms(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let otherRoom = try await pair.http.newConversationID()
        let secondTab = try await pair.server.connectRooms("joao", role: "cliente")
        secondTab.join(otherRoom)
        pair.agent.join(otherRoom)
        try await secondTab.expectNothingPending()
        try await pair.agent.expectNothingPending()

        pair.customer.close()
        _ = try await pair.customer.closeFrame()
        try await pair.agent.expectNothingPending()
        secondTab.close()
        _ = try await secondTab.closeFrame()
        #expect(try await pair.agent.expectEvent("disconnected")["user_id"]?.stringValue == "joao")
        try await pair.agent.expectNothingPending()
        await pair.server.stop()
    }
}
