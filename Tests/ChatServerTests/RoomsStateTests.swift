import ChatModel
import Foundation
import Testing

@testable import ChatServerCore

/// The rooms decisions as a value: time is a number, deliveries are compared directly.
@Suite struct RoomsStateTests {
    private let roomA = ConversationID(UUID())
    private let roomB = ConversationID(UUID())
    private let roomC = ConversationID(UUID())
    private let date = Date(timeIntervalSince1970: 1_700_000_000)

    private func at(_ seconds: Int) -> RoomsTime {
        RoomsTime(elapsed: .seconds(seconds), date: date.addingTimeInterval(Double(seconds)))
    }

    private func makeState(heartbeatTimeout: Duration = .seconds(60)) -> RoomsState {
        var settings = RoomsSettings()
        settings.heartbeatTimeout = heartbeatTimeout
        return RoomsState(settings: settings)
    }

    /// Connects and returns the socket id and what else (besides `connected`) the connection caused.
    private func connect(_ state: inout RoomsState, _ user: String, _ role: RoomRole, at seconds: Int = 0) throws
        -> (RoomsConnectionID, [RoomsDelivery])
    {
        let (id, deliveries) = try state.connect(userID: user, role: role, publicID: "c-\(user)", at: at(seconds)).get()
        let connected = RoomsEvent.connected(connectionID: "c-\(user)", userID: user, role: role, serverTime: at(seconds).date)
        #expect(deliveries.first == RoomsDelivery([id], connected))
        return (id, Array(deliveries.dropFirst()))
    }

    @Test func aUserMayHoldThreeSockets() throws {
        var state = makeState()
        for _ in 0..<3 {
            _ = try connect(&state, "ana", .atendente)
        }
        #expect(throws: RoomsState.Refusal.tooManyConnections) {
            try state.connect(userID: "ana", role: .atendente, publicID: "x", at: at(0)).get()
        }
        _ = try connect(&state, "bia", .atendente)
    }

    @Test func escalationPicksTheAvailableAtendenteWithFewestConversations() throws {
        var state = makeState()
        let (ana, _) = try connect(&state, "ana", .atendente)
        let (bia, _) = try connect(&state, "bia", .atendente)
        _ = try connect(&state, "sup", .supervisor)
        let (joao, _) = try connect(&state, "joao", .cliente)
        state.join(joao, roomA)

        let (first, deliveries) = state.escalate(roomA, clientName: "joao", at: at(1))
        #expect(first == .assigned(agentID: "ana"), "a tie goes to the smaller user id; supervisors are not picked")
        #expect(deliveries == [
            RoomsDelivery([ana, joao], .conversationAssigned(roomID: roomA, agentID: "ana", clientName: "joao"))
        ])
        #expect(state.isMember(ana, of: roomA), "the agent's socket joined the room")
        #expect(state.escalate(roomB, clientName: "maria", at: at(2)).0 == .assigned(agentID: "bia"))
        #expect(state.escalate(roomC, clientName: "zé", at: at(3)).0 == .assigned(agentID: "ana"))
        #expect(state.isMember(bia, of: roomB))
        let (repeated, nothing) = state.escalate(roomA, clientName: "joao", at: at(4))
        #expect(repeated == .alreadyAssigned(agentID: "ana"))
        #expect(nothing.isEmpty)
    }

    @Test func withoutAnAgentTheRoomIsQueuedOnce() throws {
        var state = makeState()
        let (sup, _) = try connect(&state, "sup", .supervisor)
        let (joao, _) = try connect(&state, "joao", .cliente)
        state.join(joao, roomA)
        let (outcome, deliveries) = state.escalate(roomA, clientName: "joao", at: at(5))
        #expect(outcome == .queued(position: 1))
        #expect(deliveries == [
            RoomsDelivery([sup], .queueUpdate(queueSize: 1, newConversation: roomA)),
            RoomsDelivery([joao], .queuePosition(roomID: roomA, position: 1)),
        ])
        let (again, repeated) = state.escalate(roomA, clientName: "joao", at: at(6))
        #expect(again == .queued(position: 1))
        #expect(repeated == [RoomsDelivery([joao], .queuePosition(roomID: roomA, position: 1))], "no second queue_update")
        #expect(state.queueEntries == [QueueEntry(conversationID: roomA, position: 1, waitingSince: at(5).date, clientName: "joao")])
    }

    @Test func anArrivingAtendenteTakesTheOldestQueuedRoomAndTheQueueMovesUp() throws {
        var state = makeState()
        let (sup, _) = try connect(&state, "sup", .supervisor)
        let (joao, _) = try connect(&state, "joao", .cliente)
        let (maria, _) = try connect(&state, "maria", .cliente)
        state.join(joao, roomA)
        state.join(maria, roomB)
        _ = state.escalate(roomA, clientName: "joao", at: at(1))
        _ = state.escalate(roomB, clientName: "maria", at: at(2))

        let (ana, arrival) = try connect(&state, "ana", .atendente, at: 3)
        #expect(arrival == [
            RoomsDelivery([ana, joao], .conversationAssigned(roomID: roomA, agentID: "ana", clientName: "joao")),
            RoomsDelivery([ana, sup], .queueUpdate(queueSize: 1, newConversation: nil)),
            RoomsDelivery([maria], .queuePosition(roomID: roomB, position: 1)),
        ])
        let (_, secondTab) = try connect(&state, "ana", .atendente, at: 4)
        #expect(secondTab.isEmpty, "an agent who was already available takes nothing more")
        #expect(state.queue.map(\.roomID) == [roomB])
    }

    @Test func anAgentWithoutHeartbeatIsAwayUntilItBeatsAgain() throws {
        var state = makeState(heartbeatTimeout: .seconds(60))
        let (ana, _) = try connect(&state, "ana", .atendente, at: 0)
        let (joao, _) = try connect(&state, "joao", .cliente)
        state.join(joao, roomA)
        #expect(state.agents(at: .seconds(59)).map(\.status) == [.available])
        #expect(state.agents(at: .seconds(60)).map(\.status) == [.away])
        #expect(state.stats(at: .seconds(60)).availableAgents == 0)
        #expect(state.escalate(roomA, clientName: "joao", at: at(61)).0 == .queued(position: 1))

        let beat = state.heartbeat(ana, at: at(62))
        #expect(beat.first == RoomsDelivery([ana], .heartbeat(serverTime: at(62).date)))
        #expect(
            beat.dropFirst().first
                == RoomsDelivery([ana, joao], .conversationAssigned(roomID: roomA, agentID: "ana", clientName: "joao")))
        #expect(state.agents(at: .seconds(62)).map(\.status) == [.busy])
        #expect(state.heartbeat(ana, at: at(63)) == [RoomsDelivery([ana], .heartbeat(serverTime: at(63).date))])
    }

    @Test func disconnectedGoesOnceToTheRoomsOfTheUsersLastSocket() throws {
        var state = makeState()
        let (ana, _) = try connect(&state, "ana", .atendente)
        let (bia, _) = try connect(&state, "bia", .atendente)
        let (phone, _) = try connect(&state, "joao", .cliente)
        let (laptop, _) = try connect(&state, "joao", .cliente)
        state.join(ana, roomA)
        state.join(ana, roomB)
        state.join(bia, roomB)
        state.join(phone, roomA)
        state.join(laptop, roomB)
        #expect(state.disconnect(phone).isEmpty, "joao still has a socket")
        #expect(state.disconnect(laptop) == [RoomsDelivery([ana, bia], .disconnected(userID: "joao"))])
        #expect(state.disconnect(laptop).isEmpty, "already gone")
    }

    @Test func leavingARoomMeansItHearsNoDisconnect() throws {
        var state = makeState()
        let (ana, _) = try connect(&state, "ana", .atendente)
        let (joao, _) = try connect(&state, "joao", .cliente)
        state.join(ana, roomA)
        state.join(joao, roomA)
        state.leave(joao, roomA)
        #expect(state.disconnect(joao).isEmpty)
    }

    @Test func storedMessagesAreAnnouncedByWhereTheyCameFrom() throws {
        var state = makeState()
        let (ana, _) = try connect(&state, "ana", .atendente)
        let (joao, _) = try connect(&state, "joao", .cliente)
        state.join(ana, roomA)
        state.join(joao, roomA)
        let message = Message(
            id: MessageID(UUID()), conversationID: roomA, sender: .client, content: "oi", timestamp: date, createdAt: date)
        #expect(state.messageStored(message, by: "joao", source: .roomsSocket(joao, .cliente)) == [
            RoomsDelivery([joao], .messageSent(message.id)),
            RoomsDelivery([ana], .message(message, senderID: "joao", senderRole: "cliente")),
        ])
        #expect(state.messageStored(message, by: "agent-1", source: .conversations) == [
            RoomsDelivery([ana, joao], .message(message, senderID: "agent-1", senderRole: "cliente"))
        ])
        let reply = RoomsBot().reply(to: "oi")
        #expect(state.messageStored(message, by: "bot", source: .roomsBot(reply)) == [
            RoomsDelivery([ana, joao], .botResponse(message, reply))
        ])
        #expect(state.stats(at: .zero).totalMessages == 1, "only messages from rooms sockets count")
    }

    @Test func adminAssignmentNeedsAConnectedAgent() throws {
        var state = makeState()
        let (joao, _) = try connect(&state, "joao", .cliente)
        let (sup, _) = try connect(&state, "sup", .supervisor)
        #expect(state.assign(roomA, to: "nobody", fallbackClientName: "c") == .failure(.agentNotConnected))
        #expect(state.assign(roomA, to: "joao", fallbackClientName: "c") == .failure(.notAnAgent))
        #expect(state.assign(roomA, to: "sup", fallbackClientName: "client-uuid") == .success([
            RoomsDelivery([sup], .conversationAssigned(roomID: roomA, agentID: "sup", clientName: "client-uuid"))
        ]))
        state.join(joao, roomB)
        #expect(state.assign(roomB, to: "sup", fallbackClientName: "client-uuid") == .success([
            RoomsDelivery([sup, joao], .conversationAssigned(roomID: roomB, agentID: "sup", clientName: "joao"))
        ]))
    }

    @Test func listingsDescribeRoomsAgentsAndCounters() throws {
        var state = makeState()
        let (ana, _) = try connect(&state, "ana", .atendente, at: 0)
        let (joao, _) = try connect(&state, "joao", .cliente, at: 1)
        _ = try connect(&state, "joao", .cliente, at: 2)
        state.join(joao, roomA)
        state.join(ana, roomB)
        _ = state.escalate(roomA, clientName: "joao", at: at(3))
        let expected = [
            RoomSummary(roomID: roomA, members: ["ana", "joao"], assignedAgent: "ana", clientName: "joao"),
            RoomSummary(roomID: roomB, members: ["ana"], assignedAgent: nil, clientName: nil),
        ]
        #expect(state.rooms == expected.sorted { $0.roomID < $1.roomID })
        #expect(state.agents(at: .seconds(3)) == [
            AgentSummary(agentID: "ana", status: .busy, activeConversations: 1, connectedSince: at(0).date)
        ])
        _ = state.disconnect(joao)
        #expect(state.stats(at: .seconds(3)) == RoomsStats(
            totalConnections: 3, currentConnections: 2, peakConnections: 3, totalMessages: 0, activeRooms: 2,
            availableAgents: 1, queueSize: 0, connectionsByRole: ["cliente": 1, "atendente": 1, "supervisor": 0, "system": 0]))
    }
}
