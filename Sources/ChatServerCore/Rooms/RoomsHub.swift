import ChatModel
import Foundation
import Logging
import Synchronization

/// The `rooms` endpoint's shared state and the frames it sends: a thin shell around
/// `RoomsState`. Every method takes the lock, lets the state decide, and queues the resulting
/// frames on the sockets' outboxes before releasing it, so each socket sees events in the
/// order they were decided. `ChatService` calls `messageStored` after each commit.
final class RoomsHub: Sendable {
    private struct Shell {
        var state: RoomsState
        var outboxes: [RoomsConnectionID: RoomsOutbox] = [:]
    }

    private let shell: Mutex<Shell>
    private let elapsed: @Sendable () -> Duration
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// `clock` drives the heartbeat timeout (tests pass a manual one); `now` is the wall time frames show.
    init(
        settings: RoomsSettings, clock: some Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        shell = Mutex(Shell(state: RoomsState(settings: settings)))
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        self.now = now
        self.logger = logger
    }

    /// Registers a socket whose frames go to `outbox`; nil when the user already has the most sockets allowed.
    func connect(userID: String, role: RoomRole, outbox: RoomsOutbox) -> RoomsConnectionID? {
        let time = currentTime()
        return shell.withLock { shell in
            switch shell.state.connect(userID: userID, role: role, publicID: UUID.random().wireString, at: time) {
            case .failure(.tooManyConnections):
                return nil
            case .success(let (id, deliveries)):
                shell.outboxes[id] = outbox
                perform(deliveries, shell.outboxes, at: time.date)
                return id
            }
        }
    }

    func disconnect(_ id: RoomsConnectionID) {
        shell.withLock { shell in
            perform(shell.state.disconnect(id), shell.outboxes, at: now())
            shell.outboxes.removeValue(forKey: id)
        }
    }

    /// The socket's user and role, while it is connected.
    func connection(_ id: RoomsConnectionID) -> RoomsState.Connection? {
        shell.withLock { $0.state.connection(id) }
    }

    func join(_ id: RoomsConnectionID, _ room: ConversationID) {
        shell.withLock { $0.state.join(id, room) }
    }

    func leave(_ id: RoomsConnectionID, _ room: ConversationID) {
        shell.withLock { $0.state.leave(id, room) }
    }

    func isMember(_ id: RoomsConnectionID, of room: ConversationID) -> Bool {
        shell.withLock { $0.state.isMember(id, of: room) }
    }

    /// Whether any socket here is in the room.
    func hasMembers(_ room: ConversationID) -> Bool {
        shell.withLock { $0.state.members[room]?.isEmpty == false }
    }

    /// Sends an event to every socket here (an interruption notice).
    func sendToAll(_ event: RoomsEvent) {
        let frame = RoomsFrame.encode(event, at: now())
        shell.withLock { shell in
            for outbox in shell.outboxes.values { outbox.send(frame) }
        }
    }

    func isAssigned(_ room: ConversationID) -> Bool {
        shell.withLock { $0.state.assignments[room] != nil }
    }

    /// Whether any atendente or supervisor socket is open (the demo customers wait for one).
    var hasAgentConnections: Bool {
        shell.withLock { $0.state.hasAgentConnections }
    }

    /// A committed message, announced to the room as `source` says.
    func messageStored(_ message: Message, by authorID: String, source: MessageSource) {
        shell.withLock { shell in
            perform(shell.state.messageStored(message, by: authorID, source: source), shell.outboxes, at: now())
        }
    }

    func typing(_ id: RoomsConnectionID, in room: ConversationID, started: Bool) {
        shell.withLock { shell in
            perform(shell.state.typing(id, in: room, started: started), shell.outboxes, at: now())
        }
    }

    func messageRead(_ id: RoomsConnectionID, in room: ConversationID, messageIDs: [MessageID]) {
        shell.withLock { shell in
            perform(shell.state.messageRead(id, in: room, messageIDs: messageIDs), shell.outboxes, at: now())
        }
    }

    func heartbeat(_ id: RoomsConnectionID) {
        let time = currentTime()
        shell.withLock { shell in
            perform(shell.state.heartbeat(id, at: time), shell.outboxes, at: time.date)
        }
    }

    /// Finds an agent for the room or queues it (the hub logs either).
    @discardableResult
    func escalate(_ room: ConversationID, clientName: String) -> RoomsState.Escalation {
        let time = currentTime()
        return shell.withLock { shell in
            let (outcome, deliveries) = shell.state.escalate(room, clientName: clientName, at: time)
            perform(deliveries, shell.outboxes, at: time.date)
            return outcome
        }
    }

    /// Assigns the room to a connected atendente or supervisor.
    func assign(_ room: ConversationID, to agentID: String, fallbackClientName: String) -> Result<Void, RoomsState.AssignRefusal> {
        shell.withLock { shell in
            shell.state.assign(room, to: agentID, fallbackClientName: fallbackClientName).map { deliveries in
                perform(deliveries, shell.outboxes, at: now())
            }
        }
    }

    /// Sends `system_message` to the matching sockets; returns how many.
    func broadcast(_ text: String, room: ConversationID?, role: RoomRole?) -> Int {
        shell.withLock { shell in
            let delivery = shell.state.broadcast(text, room: room, role: role)
            perform([delivery], shell.outboxes, at: now())
            return delivery.recipients.count
        }
    }

    /// Sends an event to one socket (replies and errors).
    func send(_ event: RoomsEvent, to id: RoomsConnectionID) {
        let frame = RoomsFrame.encode(event, at: now())
        shell.withLock { $0.outboxes[id] }?.send(frame)
    }

    var stats: RoomsStats {
        let elapsed = elapsed()
        return shell.withLock { $0.state.stats(at: elapsed) }
    }

    var rooms: [RoomSummary] {
        shell.withLock { $0.state.rooms }
    }

    var queue: [QueueEntry] {
        shell.withLock { $0.state.queueEntries }
    }

    var agents: [AgentSummary] {
        let elapsed = elapsed()
        return shell.withLock { $0.state.agents(at: elapsed) }
    }

    private func currentTime() -> RoomsTime {
        RoomsTime(elapsed: elapsed(), date: now())
    }

    /// Encodes each event once and queues it for its recipients.
    private func perform(_ deliveries: [RoomsDelivery], _ outboxes: [RoomsConnectionID: RoomsOutbox], at date: Date) {
        for delivery in deliveries {
            let frame = RoomsFrame.encode(delivery.event, at: date)
            for id in delivery.recipients {
                outboxes[id]?.send(frame)
            }
            log(delivery.event)
        }
    }

    /// Assignments and queueing are logged; the chatter is not.
    private func log(_ event: RoomsEvent) {
        switch event {
        case .conversationAssigned(let roomID, let agentID, _):
            logger.info("rooms conversation assigned", metadata: ["room_id": "\(roomID)", "agent_id": "\(LogText.escaped(agentID))"])
        case .queueUpdate(let queueSize, let newConversation?):
            logger.info("rooms conversation queued", metadata: ["room_id": "\(newConversation)", "queue_size": "\(queueSize)"])
        default:
            break
        }
    }
}
