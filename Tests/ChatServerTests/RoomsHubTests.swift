import ChatModel
import Foundation
import Logging
import Testing
import TestSupport

@testable import ChatServerCore

/// The rooms hub with a manual clock: heartbeats and the away status without waiting on real time.
@Suite struct RoomsHubTests {
    /// One socket's frames as `event` names and `data`, read with a deadline.
    final class Inbox: Sendable {
        let outbox = RoomsOutbox(capacity: 64)
        private let frames = Mailbox<String>()
        private let pump: Task<Void, Never>

        init() {
            let frames = self.frames
            let stream = outbox.frames
            pump = Task {
                for await frame in stream { frames.push(frame) }
            }
        }

        deinit {
            pump.cancel()
        }

        func next() async throws -> (event: String, data: JSONValue) {
            let frame = try JSONValue.parse(try #require(try await frames.next(timeout: .seconds(10))))
            return (try #require(frame["event"]?.stringValue), try #require(frame["data"]))
        }
    }

    private let clock = ManualClock()
    private let room = ConversationID(UUID())

    private func makeHub() -> RoomsHub {
        var settings = RoomsSettings()
        settings.heartbeatTimeout = .seconds(60)
        return RoomsHub(settings: settings, clock: clock, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private func connect(_ hub: RoomsHub, _ user: String, _ role: RoomRole) async throws -> (RoomsConnectionID, Inbox) {
        let inbox = Inbox()
        let id = try #require(hub.connect(userID: user, role: role, outbox: inbox.outbox))
        #expect(try await inbox.next().event == "connected")
        return (id, inbox)
    }

    @Test func anAgentIsAwayAfterTheTimeoutAndTakesTheQueueWhenItBeatsAgain() async throws {
        let hub = makeHub()
        let (ana, agent) = try await connect(hub, "ana", .atendente)
        let (joao, customer) = try await connect(hub, "joao", .cliente)
        hub.join(joao, room)
        #expect(hub.agents.map(\.status) == [.available])

        clock.advance(by: .seconds(59))
        hub.heartbeat(ana)
        #expect(try await agent.next().data["status"]?.stringValue == "alive")
        clock.advance(by: .seconds(59))
        #expect(hub.agents.map(\.status) == [.available], "59 s after the last heartbeat")
        clock.advance(by: .seconds(1))
        #expect(hub.agents.map(\.status) == [.away])
        #expect(hub.stats.availableAgents == 0)

        #expect(hub.escalate(room, clientName: "joao") == .queued(position: 1))
        let queued = try await agent.next()
        #expect(queued.event == "queue_update")
        #expect(queued.data["queue_size"]?.intValue == 1)
        #expect(queued.data["new_conversation"]?.stringValue == room.rawValue)
        let position = try await customer.next()
        #expect(position.event == "queue_position")
        #expect(position.data["position"]?.intValue == 1)
        #expect(position.data["estimated_wait"]?.stringValue == "0-5 minutos")

        hub.heartbeat(ana)
        #expect(try await agent.next().event == "heartbeat")
        let assigned = try await agent.next()
        #expect(assigned.event == "conversation_assigned")
        #expect(assigned.data["agent_id"]?.stringValue == "ana")
        #expect(assigned.data["client_name"]?.stringValue == "joao")
        #expect(try await customer.next().event == "conversation_assigned")
        let emptied = try await agent.next()
        #expect(emptied.event == "queue_update")
        #expect(emptied.data["queue_size"]?.intValue == 0)
        #expect(emptied.data["new_conversation"] == .null)
        #expect(hub.agents.map(\.status) == [.busy])
        #expect(hub.isMember(ana, of: room))
    }

    @Test func aReconnectingAgentIsBackInItsAssignedRooms() async throws {
        let hub = makeHub()
        let (ana, _) = try await connect(hub, "ana", .atendente)
        try hub.assign(room, to: "ana", fallbackClientName: "client").get()
        hub.disconnect(ana)
        let (again, _) = try await connect(hub, "ana", .atendente)
        #expect(hub.isMember(again, of: room))
        #expect(hub.rooms.map(\.members) == [["ana"]])
    }

    @Test func aClientThatDoesNotReadIsCutOffInsteadOfQueueingWithoutLimit() {
        let outbox = RoomsOutbox(capacity: 3)
        for index in 0..<3 {
            outbox.send("frame \(index)")
        }
        #expect(!outbox.overflowed)
        outbox.send("one too many")
        #expect(outbox.overflowed)
    }
}
