import Foundation
import Logging

/// Everything one socket carries, as a pure value: the connection lifecycle
/// (`ConnectionMachine`), the codec of the current attempt, and one `ConversationMachine`
/// per conversation on the socket (one for a per-conversation dialect, any number for a
/// per-user one).
///
/// It never sleeps, reads a clock or touches a socket: `handle(_:now:budget:)` takes an
/// input and returns the actions for the shell (`Link`) to perform in order, and
/// `nextDeadline(now:budget:)` says when to send `.tick`. The user's `UserBudget` is
/// passed in because it is shared with the user's other links.
public struct LinkMachine: Sendable {
    /// What never changes and is the same for every link of a client, held once.
    final class Setup: Sendable {
        let dialect: any Dialect
        let policy: ConnectionPolicy
        let limits: ClientLimits
        let typing: TypingTracker
        /// Wall-clock seconds since 1970 at monotonic time 0, for the dates the outbox keeps.
        let epoch: Double
        /// Given to each socket attempt's codec.
        let credentials: SocketCredentials

        init(
            dialect: any Dialect, policy: ConnectionPolicy, limits: ClientLimits, typing: TypingTracker, epoch: Double,
            credentials: SocketCredentials
        ) {
            self.dialect = dialect
            self.policy = policy
            self.limits = limits
            self.typing = typing
            self.epoch = epoch
            self.credentials = credentials
        }
    }

    private let setup: Setup
    public var dialect: any Dialect { setup.dialect }
    /// Which socket of the user this is.
    public let socket: SocketKey
    var connection: ConnectionMachine
    var codec: (any DialectCodec)?
    var conversations = ConversationTable<ConversationMachine>()
    /// Conversations in the order they get to send (round robin).
    var order: [ConversationID] = []
    var policy: ConnectionPolicy { setup.policy }
    private var limits: ClientLimits { setup.limits }
    private var typing: TypingTracker { setup.typing }
    private var epoch: Double { setup.epoch }
    var nextHeartbeat: Double?
    /// Heartbeats written and not answered yet, oldest first; true marks a join barrier.
    var unansweredHeartbeats: [Bool] = []
    /// Conversations the server put this socket in before the app opened them.
    var assigned: Set<ConversationID> = []
    /// The server refused a join on this link: later joins wait for assignments instead.
    var joinsRefused = false
    /// The user the server says this socket belongs to (own typing events are not shown).
    var userID: String?
    /// What to send with the next sync request (`CatchUp.socketSync`).
    var syncToken: String?
    /// A sync under way: the batches so far, oldest first, and how many requests it took.
    var sync: (collected: [Message], rounds: Int)?
    var credentials: SocketCredentials { setup.credentials }
    private var publishedState = ConnectionState.idle

    /// - Parameters:
    ///   - typing: the tracker every conversation copies (its expiry and grace).
    ///   - epoch: wall-clock seconds since 1970 when the monotonic clock read 0.
    ///   - credentials: for dialects that authenticate inside the socket.
    public init(
        dialect: any Dialect, socket: SocketKey, policy: ConnectionPolicy = .init(), limits: ClientLimits = .init(),
        typing: TypingTracker = .init(), epoch: Double, credentials: SocketCredentials = .init(),
        seed: UInt64 = .random(in: .min ... .max)
    ) {
        self.init(
            Setup(dialect: dialect, policy: policy, limits: limits, typing: typing, epoch: epoch, credentials: credentials),
            socket: socket, seed: seed)
    }

    /// A link whose unchanging parts are shared with the client's other links.
    init(_ setup: Setup, socket: SocketKey, seed: UInt64 = .random(in: .min ... .max)) {
        self.setup = setup
        self.socket = socket
        connection = ConnectionMachine(policy: setup.policy, closeCodes: setup.dialect.shape.closeCodes, seed: seed)
    }

    /// The connection state, as the app shows it.
    public var state: ConnectionState { connection.state }

    /// A conversation's outbox as the link knows it.
    public func outbox(of id: ConversationID) -> [OutboxEntry]? {
        conversations[id]?.courier.entries
    }

    /// How many messages of a conversation the link holds in memory (bounded, whatever the
    /// server sends).
    public func heldMessages(in id: ConversationID) -> Int? {
        conversations[id]?.heldMessages
    }

    /// Takes one input at monotonic time `now` and returns what to do, in order.
    public mutating func handle(_ input: LinkInput, now: Double, budget: inout UserBudget) -> [LinkAction] {
        var actions: [LinkAction]
        switch input {
        case .start:
            actions = lifecycle(connection.start(now: now), now: now)
        case .open(let id, let customer, let outbox, let backfill):
            actions = open(id, customer: customer, outbox: outbox, backfill: backfill, now: now)
        case .close(let id):
            actions = close(id, now: now)
        case .shutdown:
            actions = lifecycle(connection.close(), now: now)
        case .frames(let attempt, let frames):
            actions = []
            for frame in frames {
                switch frame {
                case .text(let text): actions += self.frame(text, attempt: attempt, now: now)
                case .binary(let bytes): actions += binaryFrame(bytes.count, attempt: attempt)
                }
            }
        case .frame(let attempt, let text):
            actions = frame(text, attempt: attempt, now: now)
        case .socketClosed(let attempt, let code, let reason):
            actions = socketClosed(attempt: attempt, code: code, reason: reason, now: now)
        case .connectFailed(let attempt, let failure):
            actions = connectFailed(attempt: attempt, failure, now: now)
        case .history(let attempt, let id, let result):
            actions = history(result, of: id, attempt: attempt, now: now)
        case .enqueue(let entry):
            actions = enqueue(entry)
        case .send(let entry):
            actions = enqueue(entry)
        case .unstored(let entries):
            actions = unstored(entries)
        case .retry(let id, let clientID):
            actions = retry(clientID, in: id)
        case .discard(let id, let clientID):
            actions = discard(clientID, in: id)
        case .typed(let id):
            actions = typed(in: id, now: now, budget: &budget.typing)
        case .clearedInput(let id):
            actions = cleared(in: id, now: now, budget: &budget.typing)
        case .markRead(let id):
            actions = markRead(id, now: now)
        case .reconnect:
            actions = lifecycle(connection.reconnect(now: now), now: now)
        case .tick:
            actions = tick(now: now)
        }
        for id in order { conversations[id]?.courier.settle(&budget.messages) }
        actions += pump(now: now, budget: &budget.messages)
        if case .send(let entry) = input { storing(entry, in: &actions) }
        for id in order {
            if let event = conversations[id]?.outboxEvent() { actions.append(event) }
        }
        actions += publishState()
        return actions
    }

    /// When the shell must send `.tick` next, if ever.
    public func nextDeadline(now: Double, budget: UserBudget) -> Double? {
        let conversationsNext = conversations.earliestDeadline { conversation in
            earliest(conversation.courier.nextDeadline(now: now, budget: budget.messages), conversation.typingIn.nextChange)
        }
        return earliest(earliest(connection.nextDeadline, state == .connected ? nextHeartbeat : nil), conversationsNext)
    }

    var catchUp: DialectShape.CatchUp { dialect.shape.catchUp }

    /// Seconds between client heartbeats: the policy's interval, but always short enough
    /// that an answer can arrive before the idle deadline (a third of it) on a quiet link.
    var heartbeatEvery: Double { min(policy.heartbeatInterval, policy.idleTimeout / 3) }

    // MARK: Conversations

    private mutating func open(
        _ id: ConversationID, customer: String?, outbox: [OutboxEntry], backfill: Backfill, now: Double
    ) -> [LinkAction] {
        guard conversations[id] == nil else { return [] }
        var conversation = ConversationMachine(
            id: id, customer: customer, outbox: outbox, limits: limits,
            window: dialect.shape.oneInFlightPerSocket ? 1 : limits.sendWindow, typing: typing, records: catchUp == .none,
            epoch: epoch, backfill: backfill, now: now)
        order.append(id)
        var actions = catchUp == .none ? conversation.outcome(of: conversation.courier.unconfirmAttempted()) : []
        conversation.outboxDidChange()
        if state != .idle { actions.append(.emit(.state(state), to: id)) }
        if state == .connected {
            // The socket's sync is over (or asked from a later point than this conversation's
            // outbox): its own history says what it missed and what the server already has.
            actions += join(&conversation, now: now, catchUp: catchUp == .socketSync ? .restHistory : catchUp)
        }
        conversations[id] = conversation
        return actions
    }

    private mutating func close(_ id: ConversationID, now: Double) -> [LinkAction] {
        guard conversations.removeValue(forKey: id) != nil else { return [] }
        order.removeAll { $0 == id }
        if case .conversation = socket { return lifecycle(connection.close(), now: now) }
        return []
    }

    /// Puts a conversation on the connected socket: at once, by a join the server confirms,
    /// or (barrier dialects) by the next batch of joins `pump` sends when the socket is quiet.
    mutating func join(
        _ conversation: inout ConversationMachine, now: Double, catchUp: DialectShape.CatchUp? = nil
    ) -> [LinkAction] {
        let catchUp = catchUp ?? self.catchUp
        if assigned.contains(conversation.id) {
            return conversation.startCatchUp(attempt: connection.attempt, catchUp: catchUp, now: now)
        }
        switch dialect.shape.joins {
        case .implicit:
            return conversation.startCatchUp(attempt: connection.attempt, catchUp: catchUp, now: now)
        case .confirmed:
            conversation.membership = .joining
            return write(.join(conversation.id), now: now)
        case .barrier:
            conversation.membership = joinsRefused ? .awaitingAssignment : .wanted
            return []
        }
    }

    /// The server put the socket in a conversation (a confirmed join or an assignment).
    mutating func joined(_ id: ConversationID, now: Double) -> [LinkAction] {
        guard var conversation = conversations[id] else {
            assigned.insert(id)
            return []
        }
        guard conversation.membership != .joined else { return [] }
        let actions = conversation.startCatchUp(attempt: connection.attempt, catchUp: catchUp, now: now)
        conversations[id] = conversation
        return actions
    }

    // MARK: The outbox

    private mutating func enqueue(_ entry: OutboxEntry) -> [LinkAction] {
        let id = entry.conversationID
        guard conversations[id]?.courier.enqueue(entry) == true else { return [] }
        conversations[id]?.typingOut.sent()
        conversations[id]?.outboxDidChange()
        return []
    }

    private mutating func unstored(_ entries: [OutboxEntry]) -> [LinkAction] {
        for entry in entries where conversations[entry.conversationID]?.courier.withdraw(entry) == true {
            conversations[entry.conversationID]?.outboxDidChange()
        }
        return []
    }

    private mutating func retry(_ clientID: String, in id: ConversationID) -> [LinkAction] {
        guard conversations[id]?.courier.retry(clientID) == true else { return [] }
        conversations[id]?.outboxDidChange()
        return [.persist(.retry(clientID))]
    }

    private mutating func discard(_ clientID: String, in id: ConversationID) -> [LinkAction] {
        guard conversations[id]?.courier.discard(clientID) == true else { return [] }
        conversations[id]?.outboxDidChange()
        return [.persist(.remove([clientID]))]
    }

    /// A new message's `add` first, carrying its first attempt when it goes out at once:
    /// one insert instead of an insert and an update in the same transaction.
    private func storing(_ entry: OutboxEntry, in actions: inout [LinkAction]) {
        var stored = entry
        for index in actions.indices {
            guard case .persist(.attempted(let id, let date)) = actions[index], id == entry.id else { continue }
            stored.recordAttempt(at: date)
            actions.remove(at: index)
            break
        }
        actions.insert(.persist(.add(stored)), at: 0)
    }

    /// Lets the couriers send what is due, in turn, within the user's budget: one message in
    /// flight per conversation, or per socket when acks cannot be attributed. On barrier
    /// dialects, waiting joins go first, alone on the socket.
    private mutating func pump(now: Double, budget: inout SlidingWindowLimiter) -> [LinkAction] {
        guard state == .connected, codec != nil else { return [] }
        var busy: Bool { conversations.contains { $0.courier.inFlight != nil } }
        if dialect.shape.joins == .barrier {
            if unansweredHeartbeats.contains(true) { return [] }
            if !busy, order.contains(where: { conversations[$0]?.membership == .wanted }) { return sendJoins(now: now) }
        }
        let perSocket = dialect.shape.oneInFlightPerSocket
        if perSocket, busy { return [] }
        // The attempts first, then the writes: one transaction for all of them.
        var persists: [LinkAction] = []
        var others: [LinkAction] = []
        func route(_ actions: [LinkAction]) {
            for action in actions {
                if case .persist = action { persists.append(action) } else { others.append(action) }
            }
        }
        for id in order {
            guard conversations[id]?.membership == .joined, let polled = conversations[id]?.courier.poll(now: now, budget: &budget),
                  !polled.isEmpty
            else { continue }
            for case .send(let entry) in polled {
                let date = self.date(now)
                let frame = codec?.encode(.send(entry), date: date)
                if let limit = codec?.maxFrameBytes, let frame, frame.utf8.count > limit {
                    let reason = "too large for this server (\(frame.utf8.count) bytes, at most \(limit))"
                    route(conversations[id]?.refuse(entry.id, reason: reason) ?? [])
                    continue
                }
                conversations[id]?.courier.attempted(entry.id, at: date)
                persists.append(.persist(.attempted(entry.id, at: date)))
                if let frame { others.append(.write(frame, message: entry.id)) }
            }
            order.removeAll { $0 == id }
            order.append(id)
            if perSocket { break }
        }
        return others.isEmpty ? persists : persists + others
    }

    /// Every wanted conversation's join, then the heartbeat whose answer confirms them.
    private mutating func sendJoins(now: Double) -> [LinkAction] {
        var actions: [LinkAction] = []
        for id in order where conversations[id]?.membership == .wanted {
            conversations[id]?.membership = .joining
            actions += write(.join(id), now: now)
        }
        return actions + heartbeat(barrier: true, now: now)
    }

    // MARK: Typing

    /// Announces the user's typing, never while one of their messages is in flight (a
    /// typing frame between a message and its answer would get the answer misattributed).
    private mutating func typed(in id: ConversationID, now: Double, budget: inout SlidingWindowLimiter) -> [LinkAction] {
        guard isReady(id), conversations[id]?.courier.inFlight == nil,
              let signal = conversations[id]?.typingOut.keystroke(now: now, budget: &budget)
        else { return [] }
        return write(.typing(id, isTyping: signal == .start), now: now)
    }

    private mutating func cleared(in id: ConversationID, now: Double, budget: inout SlidingWindowLimiter) -> [LinkAction] {
        guard isReady(id), let signal = conversations[id]?.typingOut.cleared(now: now, budget: &budget) else { return [] }
        return write(.typing(id, isTyping: signal == .start), now: now)
    }

    /// Read marks travel over the socket on servers that take them there (the REST API marks
    /// the whole conversation on the others).
    private mutating func markRead(_ id: ConversationID, now: Double) -> [LinkAction] {
        guard dialect.shape.readMarks == .socket, isReady(id), let unread = conversations[id]?.readNow(), !unread.isEmpty
        else { return [] }
        return write(.markRead(id, unread), now: now)
    }

    private func isReady(_ id: ConversationID) -> Bool {
        state == .connected && conversations[id]?.membership == .joined
    }

    // MARK: Time

    private mutating func tick(now: Double) -> [LinkAction] {
        var actions: [LinkAction] = []
        for id in order { actions += conversations[id]?.publishTyping(now: now) ?? [] }
        if conversations.contains(where: { $0.courier.ackOverdue(now: now) }) {
            actions.append(.log(.warning, "no answer to a sent message; reconnecting to resync"))
            actions += dropSocket(reason: "acknowledgement overdue", now: now)
        }
        actions += lifecycle(connection.tick(now: now), now: now)
        if state == .connected, let due = nextHeartbeat, now >= due {
            actions += heartbeat(barrier: false, now: now)
        }
        return actions
    }

    /// Writes a heartbeat and schedules the next one. At most a few unanswered ones are
    /// remembered: a server that never answers is caught by the idle deadline instead.
    mutating func heartbeat(barrier: Bool, now: Double) -> [LinkAction] {
        nextHeartbeat = now + heartbeatEvery
        unansweredHeartbeats.append(barrier)
        if unansweredHeartbeats.count > 8, let index = unansweredHeartbeats.firstIndex(of: false) {
            unansweredHeartbeats.remove(at: index)
        }
        return write(.heartbeat, now: now)
    }

    // MARK: Helpers

    /// Encodes a command for the current socket; nothing when there is none, or when the
    /// dialect has no frame for it.
    mutating func write(_ command: ClientCommand, now: Double) -> [LinkAction] {
        let date = self.date(now)
        guard let frame = codec?.encode(command, date: date) else { return [] }
        return [.write(frame)]
    }

    /// The wall-clock date of monotonic time `now`.
    func date(_ now: Double) -> Date {
        Date(timeIntervalSince1970: epoch + now)
    }

    private mutating func publishState() -> [LinkAction] {
        guard state != publishedState else { return [] }
        publishedState = state
        let announced: [LinkAction] = socket == .user ? [.announce(.connection(state))] : []
        return [.log(.info, "connection state \(state)"), .emit(.state(state), to: nil)] + announced
    }
}
