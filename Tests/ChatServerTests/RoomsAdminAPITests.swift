import ChatModel
import Foundation
import Testing
import TestSupport

/// `/ws/status`, `/ws/rooms`, `/ws/queue`, `/ws/agents`, `/ws/broadcast`, `/ws/assign`: admin
/// bearer token, seed 003's shapes, Express-style errors.
@Suite(.live) struct RoomsAdminAPITests {
    @Test(arguments: ServerStore.allCases) func everyEndpointWantsAnAdminTokenAndAnswersErrorsExpressStyle(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let paths = ["/ws/status", "/ws/rooms", "/ws/queue", "/ws/agents"]
        for path in paths {
            let anonymous = try await TestHTTP(baseURL: server.baseURL).get(path)
            #expect(anonymous.status == 401)
            #expect(try anonymous.json() == ["error": "Not authenticated"])
            let agent = try await server.http(token: try server.token(sub: "ana", role: "atendente")).get(path)
            #expect(agent.status == 403)
            #expect(try agent.json() == ["error": "Admin role required"])
        }
        let broadcast = try await TestHTTP(baseURL: server.baseURL).post("/ws/broadcast?message=hi")
        #expect(broadcast.status == 401)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func statusCountsConnectionsRoomsAgentsAndTheQueue(store: ServerStore) async throws {
        let pair = try await RoomPair.start(ServerOptions(store: store))
        let supervisor = try await pair.server.connectRooms("sup", role: "supervisor")
        pair.customer.say("primeira", in: pair.room)
        try await pair.customer.expectEvent("message_sent")
        let status = try await pair.http.get("/ws/status")
        #expect(status.status == 200)
        let body = try status.json()
        #expect(body["status"]?.stringValue == "ready")
        let stats = try #require(body["stats"])
        #expect(Set(stats.objectKeys) == [
            "total_connections", "current_connections", "peak_connections", "total_messages", "active_rooms",
            "available_agents", "queue_size", "connections_by_role",
        ])
        #expect(stats["total_connections"]?.intValue == 3)
        #expect(stats["current_connections"]?.intValue == 3)
        #expect(stats["peak_connections"]?.intValue == 3)
        #expect(stats["total_messages"]?.intValue == 1)
        #expect(stats["active_rooms"]?.intValue == 1)
        #expect(stats["available_agents"]?.intValue == 1)
        #expect(stats["queue_size"]?.intValue == 0)
        let byRole = try #require(stats["connections_by_role"])
        #expect(byRole["cliente"]?.intValue == 1)
        #expect(byRole["atendente"]?.intValue == 1)
        #expect(byRole["supervisor"]?.intValue == 1)
        #expect(byRole["system"]?.intValue == 0)
        try await supervisor.expectNothingPending()
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func roomsQueueAndAgentsListWhatTheHubHolds(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let rooms = try await pair.http.get("/ws/rooms").json()
        #expect(rooms == [
            "rooms": [["room_id": .string(pair.room), "members": ["ana", "joao"], "assigned_agent": .null, "client_name": "joao"]],
            "total": 1,
        ])
        #expect(try await pair.http.get("/ws/queue").json() == ["queue": [], "size": 0])

        let agents = try await pair.http.get("/ws/agents").json()
        #expect(agents["total"]?.intValue == 1)
        let ana = try #require(agents["agents"]?[0])
        #expect(ana["agent_id"]?.stringValue == "ana")
        #expect(ana["status"]?.stringValue == "available")
        #expect(ana["active_conversations"]?.intValue == 0)
        #expect(Timestamp.parse(ana["connected_since"]?.stringValue ?? "") != nil)

        #expect(try await pair.http.post("/ws/assign/\(pair.room)/ana").status == 200)
        let assigned = try await pair.http.get("/ws/rooms").json()
        #expect(assigned["rooms"]?[0]?["assigned_agent"]?.stringValue == "ana")
        let busy = try await pair.http.get("/ws/agents").json()
        #expect(busy["agents"]?[0]?["status"]?.stringValue == "busy")
        #expect(busy["agents"]?[0]?["active_conversations"]?.intValue == 1)
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func broadcastReachesEveryoneARoomOrARole(store: ServerStore) async throws {
        let pair = try await RoomPair.start(quietRooms(store))
        let outsider = try await pair.server.connectRooms("bia", role: "cliente")

        let everyone = try await pair.http.post("/ws/broadcast?message=Manuten%C3%A7%C3%A3o+%C3%A0s+22h")
        #expect(everyone.status == 200)
        #expect(try everyone.json() == ["success": true, "recipients": 3])
        for socket in [pair.agent, pair.customer, outsider] {
            #expect(try await socket.expectEvent("system_message") == ["message": "Manutenção às 22h", "type": "broadcast"])
        }

        #expect(try await pair.http.post("/ws/broadcast?message=sala&room_id=\(pair.room)").json()["recipients"]?.intValue == 2)
        #expect(try await pair.customer.expectEvent("system_message")["message"]?.stringValue == "sala")
        #expect(try await pair.agent.expectEvent("system_message")["message"]?.stringValue == "sala")
        try await outsider.expectNothingPending()

        let clientes = try await pair.http.post("/ws/broadcast?message=clientes&role=cliente").json()
        #expect(clientes["recipients"]?.intValue == 2)
        #expect(try await outsider.expectEvent("system_message")["message"]?.stringValue == "clientes")
        try await pair.agent.expectNothingPending()

        let both = try await pair.http.post("/ws/broadcast?message=x&room_id=\(pair.room)&role=supervisor").json()
        #expect(both["recipients"]?.intValue == 0)

        let missing = try await pair.http.post("/ws/broadcast?room_id=\(pair.room)")
        #expect(missing.status == 400)
        #expect(try missing.json() == ["error": "message is required"])
        let badRole = try await pair.http.post("/ws/broadcast?message=x&role=admin")
        #expect(badRole.status == 400)
        #expect(try badRole.json() == ["error": "role must be one of cliente, atendente, supervisor"])
        await pair.server.stop()
    }

    @Test(arguments: ServerStore.allCases) func assignPutsTheAgentInTheRoomAndTellsBothSides(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(quietRooms(store))
        let http = try server.http()
        let conversation = try await http.createConversation()
        let room = try #require(conversation["id"]?.stringValue)
        let agent = try await server.connectRooms("ana", role: "atendente")
        let customer = try await server.connectRooms("joao", role: "cliente")
        customer.join(room)
        try await customer.expectNothingPending()

        let response = try await http.post("/ws/assign/\(room)/ana")
        #expect(response.status == 200)
        #expect(try response.json() == ["success": true, "conversation_id": .string(room), "agent_id": "ana"])
        let told = try await agent.expectEvent("conversation_assigned")
        #expect(told == ["room_id": .string(room), "agent_id": "ana", "client_name": "joao"])
        #expect(try await customer.expectEvent("conversation_assigned") == told)
        customer.say("obrigado!", in: room)
        #expect(try await agent.expectEvent("message")["content"]?.stringValue == "obrigado!")

        let supervisor = try await server.connectRooms("sup", role: "supervisor")
        let empty = try await http.createConversation()
        let emptyRoom = try #require(empty["id"]?.stringValue)
        #expect(try await http.post("/ws/assign/\(emptyRoom.uppercased())/sup").status == 200)
        let toSupervisor = try await supervisor.expectEvent("conversation_assigned")
        #expect(toSupervisor["room_id"]?.stringValue == emptyRoom)
        #expect(toSupervisor["client_name"] == empty["client_id"], "no cliente in the room: the conversation's client id")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func assignRefusesUnknownConversationsAbsentAgentsAndNonAgents(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let room = try await http.newConversationID()
        let customer = try await server.connectRooms("joao", role: "cliente")

        let cases: [(String, Int, String)] = [
            ("/ws/assign/\(UUID().uuidString)/ana", 404, "Conversation not found"),
            ("/ws/assign/conv_123/ana", 404, "Conversation not found"),
            ("/ws/assign/\(room)/ana", 404, "Agent not connected"),
            ("/ws/assign/\(room)/joao", 400, "User is not an agent"),
        ]
        for (path, status, error) in cases {
            let response = try await http.post(path)
            #expect(response.status == status, "\(path)")
            #expect(try response.json() == ["error": .string(error)], "\(path)")
        }
        try await customer.expectNothingPending()
        await server.stop()
    }
}

extension JSONValue {
    /// The keys of an object (empty for anything else).
    fileprivate var objectKeys: [String] {
        if case .object(let fields) = self { Array(fields.keys) } else { [] }
    }
}
