import ChatModel
import Foundation
import Testing
import TestSupport

/// The bot on a real server: answers clientes in rooms without an agent, stores its answer as a
/// `system` message, and escalates to an agent or the queue.
@Suite(.live) struct RoomsBotFlowTests {
    @Test(arguments: ServerStore.allCases) func theBotGreetsAClienteAndItsAnswerIsStoredAsASystemMessage(store: ServerStore) async throws {
        let pair = try await RoomPair.start(ServerOptions(store: store))
        pair.customer.say("Olá, bom dia!", in: pair.room)
        try await pair.customer.expectEvent("message_sent")
        let answer = try await pair.customer.expectEvent("bot_response")
        #expect(answer["room_id"]?.stringValue == pair.room)
        #expect(answer["metadata"]?["intent"]?.stringValue == "saudacao")
        #expect(answer["metadata"]?["sentiment"]?.stringValue == "neutro")
        #expect(answer["metadata"]?["confidence"] == .number(0.95))
        #expect(answer["metadata"]?["quick_replies"] == ["Ver minha conta", "Falar com atendente"])
        _ = try await pair.agent.expectEvent("message")
        #expect(try await pair.agent.expectEvent("bot_response")["id"] == answer["id"])

        let history = try await pair.http.history(pair.room)
        #expect(history.map(\.sender) == [.client, .system])
        #expect(history.last?.id.rawValue == answer["id"]?.stringValue)
        #expect(history.last?.content == answer["content"]?.stringValue)
        #expect(history.last?.metadata?["intent"] == .string("saudacao"))

        pair.agent.say("Agentes não acordam o bot", in: pair.room)
        try await pair.agent.expectEvent("message_sent")
        _ = try await pair.customer.expectEvent("message")
        try await pair.customer.expectNothingPending()
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func askingForAPersonAssignsTheRoomToAnAvailableAtendente(store: ServerStore) async throws {
        let pair = try await RoomPair.start(ServerOptions(store: store))
        let supervisor = try await pair.server.connectRooms("sup", role: "supervisor")
        pair.customer.say("Quero falar com um atendente", in: pair.room)
        try await pair.customer.expectEvent("message_sent")
        let answer = try await pair.customer.expectEvent("bot_response")
        #expect(answer["metadata"]?["intent"]?.stringValue == "escalacao")
        let toCustomer = try await pair.customer.expectEvent("conversation_assigned")
        #expect(toCustomer["room_id"]?.stringValue == pair.room)
        #expect(toCustomer["agent_id"]?.stringValue == "ana")
        #expect(toCustomer["client_name"]?.stringValue == "joao")
        _ = try await pair.agent.expectEvent("message")
        _ = try await pair.agent.expectEvent("bot_response")
        #expect(try await pair.agent.expectEvent("conversation_assigned") == toCustomer)
        try await supervisor.expectNothingPending()

        pair.customer.say("Oi, tem alguém aí?", in: pair.room)
        try await pair.customer.expectEvent("message_sent")
        try await pair.customer.expectNothingPending()
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func withoutAnAgentTheRoomIsQueuedAndTheNextAtendenteTakesIt(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let room = try await http.newConversationID()
        let supervisor = try await server.connectRooms("sup", role: "supervisor")
        let customer = try await server.connectRooms("joao", role: "cliente")
        customer.join(room)
        customer.say("I need a human, please", in: room)
        try await customer.expectEvent("message_sent")
        #expect(try await customer.expectEvent("bot_response")["content"]?.stringValue?.hasPrefix("Sure!") == true)
        let position = try await customer.expectEvent("queue_position")
        #expect(position["position"]?.intValue == 1)
        #expect(position["estimated_wait"]?.stringValue == "0-5 minutos")
        let update = try await supervisor.expectEvent("queue_update")
        #expect(update["queue_size"]?.intValue == 1)
        #expect(update["new_conversation"]?.stringValue == room)

        let queue = try await http.get("/ws/queue").json()
        #expect(queue["size"]?.intValue == 1)
        #expect(queue["queue"]?[0]?["conversation_id"]?.stringValue == room)
        #expect(queue["queue"]?[0]?["client_name"]?.stringValue == "joao")

        let agent = try await server.connectRooms("ana", role: "atendente")
        let assigned = try await agent.expectEvent("conversation_assigned")
        #expect(assigned["room_id"]?.stringValue == room)
        #expect(assigned["agent_id"]?.stringValue == "ana")
        let shrunk = try await agent.expectEvent("queue_update")
        #expect(shrunk["queue_size"]?.intValue == 0)
        #expect(shrunk["new_conversation"] == .null)
        #expect(try await supervisor.expectEvent("queue_update")["queue_size"]?.intValue == 0)
        #expect(try await customer.expectEvent("conversation_assigned")["agent_id"]?.stringValue == "ana")

        agent.say("Hi João, Ana here.", in: room)
        try await agent.expectEvent("message_sent")
        #expect(try await customer.expectEvent("message")["sender_id"]?.stringValue == "ana")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func theBotCanBeTurnedOff(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        pair.customer.say("Olá! Quero um atendente", in: pair.room)
        try await pair.customer.expectEvent("message_sent")
        try await pair.customer.expectNothingPending()
        #expect(try await pair.http.history(pair.room).map(\.sender) == [.client])
        await pair.server.stop()
    }
}
