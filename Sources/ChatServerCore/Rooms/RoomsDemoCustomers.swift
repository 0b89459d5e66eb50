import ChatModel
import Foundation
import Logging
import ServiceLifecycle

/// Simulated customers of `serve --demo` on the `rooms` side. While an atendente or supervisor
/// is connected to `/ws/chat`, now and then the customer of an active conversation connects as
/// `cliente` (in-process, through the same hub and service as a socket), types, and writes in
/// its room (`typing_start`, `typing_stop`, `message`); the bot answers, and a customer that asks
/// for a person is assigned to an agent or queued. A customer leaves (`disconnected`) after a few
/// messages.
struct RoomsDemoCustomers: Service {
    /// A customer that is connected right now.
    private struct Visit {
        let connection: RoomsConnectionID
        let outbox: RoomsOutbox
        let language: DemoLanguage
        var messagesLeft: Int
        /// Never the same words twice in a row: a repeat would look like a duplicated message.
        var lastLine: String?
    }

    /// At most this many simulated customers are connected at once.
    static let maxVisitors = 3

    let service: RoomsService
    let settings: DemoSettings
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await visit() }
        } catch is CancellationError {
            return
        }
    }

    /// The customers' loop; every customer still connected leaves when it ends.
    private func visit() async throws {
        var visits: [ConversationID: Visit] = [:]
        defer {
            for room in Array(visits.keys) {
                leave(room, &visits)
            }
        }
        while true {
            try await Task.sleep(for: settings.interval * Double.random(in: 0.75...1.75))
            guard service.hub.hasAgentConnections else { continue }
            do {
                try await act(&visits)
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.warning("rooms demo customer failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func act(_ visits: inout [ConversationID: Visit]) async throws {
        let active = try await service.chat.store.conversations(
            matching: ConversationFilter(status: .active), page: 1, limit: 100
        ).items
        for room in visits.keys where !active.contains(where: { $0.id == room }) {
            leave(room, &visits)
        }
        let returning = Array(visits.keys)
        let newcomers = active.filter { visits[$0.id] == nil }
        let pickReturning = !returning.isEmpty && (visits.count >= Self.maxVisitors || Bool.random())
        guard let room = pickReturning ? returning.randomElement() : newcomers.randomElement()?.id,
              let visit = visits[room] ?? arrive(in: room, active: active)
        else { return }
        visits[room] = visit
        service.hub.typing(visit.connection, in: room, started: true)
        try await Task.sleep(for: min(settings.interval * 0.5, .seconds(2)) * Double.random(in: 0.5...1))
        service.hub.typing(visit.connection, in: room, started: false)
        let content = line(for: visit, in: room)
        visits[room]?.lastLine = content
        do {
            try await service.post(content, kind: .text, in: room.rawValue, by: visit.connection)
        } catch {
            logger.debug("rooms demo message refused", metadata: ["room_id": "\(room)", "error": "\(error.error)"])
        }
        visits[room]?.messagesLeft -= 1
        if visits[room].map({ $0.messagesLeft <= 0 }) == true {
            leave(room, &visits)
        }
    }

    /// The room's customer disconnects (`disconnected` to the room).
    private func leave(_ room: ConversationID, _ visits: inout [ConversationID: Visit]) {
        guard let visit = visits.removeValue(forKey: room) else { return }
        service.hub.disconnect(visit.connection)
        visit.outbox.finish()
    }

    /// Connects the conversation's customer (a readable user id, see `DemoLanguage.customerUserID`) and puts it in the room;
    /// nothing reads what the hub sends it.
    private func arrive(in room: ConversationID, active: [Conversation]) -> Visit? {
        guard let conversation = active.first(where: { $0.id == room }) else { return nil }
        let outbox = RoomsOutbox(capacity: service.settings.outboxCapacity)
        Task {
            for await _ in outbox.frames {}
        }
        guard let connection = service.hub.connect(userID: DemoLanguage.customerUserID(for: conversation), role: .cliente, outbox: outbox)
        else {
            outbox.finish()
            return nil
        }
        service.hub.join(connection, room)
        return Visit(
            connection: connection, outbox: outbox, language: DemoLanguage(for: conversation), messagesLeft: Int.random(in: 2...4))
    }

    /// With an agent assigned, a reply; before, a greeting, a follow-up, or now and then a request for a person.
    private func line(for visit: Visit, in room: ConversationID) -> String {
        let lines: [String]
        if service.hub.isAssigned(room) {
            lines = visit.language.replies
        } else if let request = visit.language.agentRequest, Double.random(in: 0..<1) < 0.35 {
            lines = [request]
        } else {
            lines = Bool.random() ? visit.language.greetings : visit.language.followUps
        }
        return lines.filter { $0 != visit.lastLine }.randomElement() ?? visit.language.followUps[0]
    }
}
