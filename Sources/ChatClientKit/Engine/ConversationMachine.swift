import Foundation

/// One conversation on a link, as a value: whether the socket carries it yet, its outbox
/// delivery, the messages it has seen, and typing both ways. `LinkMachine` owns one per
/// conversation and routes events to it; every method returns the actions to perform.
struct ConversationMachine: Sendable {
    /// The conversation's place on the socket. Every conversation goes back to `wanted`
    /// when the socket is lost; `joining` waits for the server to confirm a join;
    /// `awaitingAssignment` means the server refuses joins and only an assignment puts the
    /// client in the conversation.
    enum Membership: Sendable, Equatable {
        case wanted, joining, joined, awaitingAssignment
    }

    let id: ConversationID
    /// The customer's user id, whose message clears their typing indicator at once.
    let customer: String?
    /// True when what the conversation sees is kept in the local history.
    let records: Bool
    /// Wall-clock seconds since 1970 at monotonic time 0, to judge the messages' dates.
    let epoch: Double
    let backfill: Backfill
    /// Wall-clock seconds since 1970 when the session opened.
    let openedAt: Double
    /// The conversation has been on a socket before: its next catch-up is after an outage.
    private var joinedBefore = false
    /// The first message reported to the app (`Backfill.none` catches up from there).
    private var firstReported: MessageID?
    var membership = Membership.wanted
    var courier: Courier
    /// The newest messages seen, to catch up from and to screen repeats against; the ids of
    /// older ones are remembered, so a repeat of one is not shown again.
    private var known = Timeline(window: Self.window, remembering: Self.remembered)
    /// Others' messages not marked read yet (the newest `remembered`), for socket read marks.
    private var unread: [MessageID] = []
    var typingOut: TypingThrottle
    private(set) var typingIn: TypingTracker
    private var shownTyping: [String] = []
    private var pager: HistoryPager?
    /// Waiting for the link's socket sync (`CatchUp.socketSync`).
    private var awaitingSync = false
    /// The outage under way, from the loss of a socket this conversation was live on until
    /// it has recovered.
    private var outage: OutageLedger?
    /// The outbox changed since the app last heard it (`outboxEvent`).
    private var outboxChanged = false

    /// - Parameters:
    ///   - window: messages in flight at most (`ClientLimits.sendWindow`, or 1).
    ///   - now: when the session opened (monotonic seconds).
    init(
        id: ConversationID, customer: String?, outbox: [OutboxEntry], limits: ClientLimits, window: Int,
        typing: TypingTracker, records: Bool, epoch: Double, backfill: Backfill, now: Double
    ) {
        self.id = id
        self.epoch = epoch
        self.backfill = backfill
        openedAt = epoch + now
        self.customer = customer
        self.records = records
        courier = Courier(entries: outbox, ackTimeout: limits.ackTimeout, window: window)
        typingOut = TypingThrottle(limit: limits.typingPerMinute)
        typingIn = typing
    }

    /// True while a history walk is under way.
    var isCatchingUp: Bool { pager != nil }

    /// True while the conversation waits for the link's socket sync.
    var isAwaitingSync: Bool { awaitingSync }

    /// The socket is gone: membership, catch-up and the message in flight are all unknown
    /// now (for good, on a server with no history). Losing a socket the conversation was
    /// live on starts an outage.
    mutating func disconnected(catchUp: DialectShape.CatchUp, now: Double) -> [LinkAction] {
        if outage != nil {
            outage?.lost(now: now)
        } else if membership == .joined {
            let owed = Set(courier.entries.filter { $0.state == .pending }.map(\.id))
            outage = OutageLedger(lostAt: now, lastSeen: known.newest?.id, owed: owed)
        }
        membership = .wanted
        pager = nil
        awaitingSync = false
        return outcome(of: courier.disconnected(canCatchUp: catchUp != .none))
    }

    // MARK: Catching up

    /// The conversation is on the socket: start the history walk, or with no history to
    /// walk, let the courier resume at once.
    mutating func startCatchUp(attempt: Int, catchUp: DialectShape.CatchUp, now: Double) -> [LinkAction] {
        membership = .joined
        outage?.back(now: now)
        let firstJoin = !joinedBefore
        joinedBefore = true
        switch catchUp {
        case .restHistory where firstJoin && backfill == .none && !courier.mayBeStored:
            return caughtUp(courier.synced(seen: []), received: [], unrecovered: nil)
        case .restHistory:
            let pager = HistoryPager(lastSeen: known.newest?.id, earliestAttempt: courier.earliestAttempt)
            self.pager = pager
            return [.fetchHistory(attempt: attempt, id, pager.firstRequest)]
        case .socketSync:
            awaitingSync = true
            return []
        case .none:
            return caughtUp(courier.synced(seen: []), received: [], unrecovered: "messages from others cannot be recovered (this server keeps no history)")
        }
    }

    /// The link's socket sync is complete: `messages` are this conversation's part of it.
    mutating func synced(_ messages: [Message], complete: Bool, now: Double) -> [LinkAction] {
        guard awaitingSync else { return [] }
        awaitingSync = false
        let seen = Set(messages.compactMap(\.clientMessageID))
        let (actions, added) = report(sinceOpened(messages), now: now)
        let unrecovered = complete ? nil : "the catch-up stopped short: older ones were not fetched"
        return actions + caughtUp(courier.synced(seen: seen, complete: complete, now: now), received: added, unrecovered: unrecovered)
    }

    /// A history page arrived: fetch the next one, or merge everything and let the courier
    /// confirm what the server already has and resume.
    mutating func historyPage(_ page: [Message], attempt: Int, now: Double) -> [LinkAction] {
        guard var pager else { return [] }
        switch pager.received(page) {
        case .fetch(let request):
            self.pager = pager
            return [.fetchHistory(attempt: attempt, id, request)]
        case .done(let messages, let gap):
            self.pager = nil
            var (actions, added) = report(sinceOpened(messages), now: now)
            if let gap { actions.append(.emit(.gap(gap), to: id)) }
            let seen = Set(messages.compactMap(\.clientMessageID))
            let unrecovered = gap.map { _ in "the catch-up stopped short: older ones were not fetched" }
            return actions + caughtUp(courier.synced(seen: seen, complete: gap == nil, now: now), received: added, unrecovered: unrecovered)
        }
    }

    /// What a catch-up (oldest first) may report: everything, or with `Backfill.none` what
    /// came after the first message reported; before there is one, what is dated after the
    /// session opened, less the clock-skew margin.
    private func sinceOpened(_ messages: [Message]) -> [Message] {
        guard backfill == .none else { return messages }
        if let firstReported {
            guard let index = messages.firstIndex(where: { $0.id == firstReported }) else { return messages }
            return Array(messages[(index + 1)...])
        }
        let earliest = openedAt - HistoryPager.clockSkewMargin
        return messages.filter { $0.timestamp.timeIntervalSince1970 >= earliest }
    }

    /// The catch-up is over: the outage (if any) learns what it found, then the courier's
    /// decisions are applied.
    private mutating func caughtUp(_ decisions: [Courier.Action], received: [Message], unrecovered: String?) -> [LinkAction] {
        if let outage {
            let fromOthers = received.filter { message in message.clientMessageID.map { !outage.owes($0) } ?? true }
            self.outage?.caughtUp(
                received: fromOthers.count, unrecovered: unrecovered,
                pending: Set(courier.entries.filter { $0.state == .pending }.map(\.id)))
        }
        return outcome(of: decisions)
    }

    // MARK: Events from the server

    /// A message arrived on the socket.
    mutating func received(_ message: Message, now: Double) -> [LinkAction] {
        var actions = report([message], now: now).actions
        if let clientID = message.clientMessageID { actions += outcome(of: courier.echoed(clientID, now: now)) }
        return actions
    }

    /// The server acknowledged `entry`: it is stored. The message the app shows is the one
    /// the server sent back, or else one made from the entry (servers that do not echo).
    mutating func acknowledged(_ entry: OutboxEntry, _ ack: Acknowledgement, date: Date, now: Double) -> [LinkAction] {
        let message = ack.stored ?? Message(
            id: ack.messageID ?? MessageID(entry.id), conversationID: id, sender: .admin, kind: entry.kind,
            content: entry.content, metadata: entry.metadata, timestamp: date, createdAt: date)
        return report([message], now: now).actions + outcome(of: courier.echoed(entry.id, now: now))
    }

    mutating func typing(_ user: String, isTyping: Bool, now: Double) -> [LinkAction] {
        if isTyping { typingIn.started(user, now: now) } else { typingIn.stopped(user, now: now) }
        return publishTyping(now: now)
    }

    /// The client refuses to send `clientID` (the server could not take it); it fails like a
    /// refusal from the server, so the user sees why.
    mutating func refuse(_ clientID: String, reason: String) -> [LinkAction] {
        outcome(of: courier.refuse(clientID, reason: reason))
    }

    mutating func serverError(_ error: ServerError, now: Double) -> [LinkAction] {
        [.emit(.serverError(error), to: id)] + outcome(of: courier.serverError(error, now: now))
    }

    /// The users shown as typing, when that changed (also as indicators expire).
    mutating func publishTyping(now: Double) -> [LinkAction] {
        typingIn.prune(now: now)
        let users = typingIn.typingUsers(now: now)
        guard users != shownTyping else { return [] }
        shownTyping = users
        return [.emit(.typing(users), to: id)]
    }

    /// New messages to the app, once each; a customer's message hides their indicator.
    /// Also returns the messages that were new. A message dated before 2000 or over a year
    /// ahead, or a known id with new content, is logged as unrecognized and not shown.
    private mutating func report(_ messages: [Message], now: Double) -> (actions: [LinkAction], added: [Message]) {
        var refusals: [LinkAction] = []
        let plausible = messages.filter { message in
            let seconds = message.timestamp.timeIntervalSince1970
            let reason: String? = if !(seconds >= Self.earliestDate && seconds <= epoch + now + Self.latestAhead) {
                "an impossible date (\(message.timestamp))"
            } else if known.conflicts(message) {
                "a known id with new content"
            } else {
                nil
            }
            guard let reason else { return true }
            refusals += [
                .log(.warning, "unrecognized message \(message.id) (\(reason))"),
                .emit(.unrecognized(raw: "message \(message.id)", reason: reason), to: id),
            ]
            return false
        }
        let added = known.merge(plausible)
        guard let first = added.first else { return (refusals, []) }
        if firstReported == nil { firstReported = first.id }
        unread += added.lazy.filter { !$0.isRead && $0.sender != .admin }.map(\.id)
        if unread.count - Self.remembered > Self.remembered / 4 { unread.removeFirst(unread.count - Self.remembered) }
        var actions: [LinkAction] = refusals
        actions += records ? [.record(added), .emit(.messages(added), to: id)] : [.emit(.messages(added), to: id)]
        if let customer, added.contains(where: { $0.sender == .client }) {
            typingIn.clear(customer)
            actions += publishTyping(now: now)
        }
        return (actions, added)
    }

    /// The ids of others' messages not read yet, now marked read here.
    mutating func readNow() -> [MessageID] {
        defer { unread = [] }
        return unread
    }

    /// How many of the newest messages a conversation keeps, and how many ids of older
    /// ones it still recognizes: memory stays bounded however many a server sends.
    static let window = 500
    static let remembered = 20_000

    /// How many messages the conversation holds in memory.
    var heldMessages: Int { known.count }

    /// The dates a message may have: since 2000 (seconds since 1970), and up to a year
    /// ahead of this clock (clocks disagree, but not by that much).
    private static let earliestDate = 946_684_800.0
    private static let latestAhead = 366 * 86_400.0

    // MARK: The outbox

    /// What the courier decided, as outbox writes (the app hears the outbox at the end of
    /// the input, `outboxEvent`), and the outage's recovery once nothing is owed any more.
    /// Sends are the link's business (it encodes them) and are not expected here.
    mutating func outcome(of decisions: [Courier.Action]) -> [LinkAction] {
        var actions: [LinkAction] = []
        for decision in decisions {
            outage?.settled(decision)
            switch decision {
            case .confirm(let ids):
                // A server without history could not show a lost confirmation again.
                actions.append(.persist(records ? .remove(ids) : .confirm(ids)))
            case .fail(let ids, let reason): actions.append(.persist(.failed(ids, reason: reason)))
            case .unconfirm(let ids): actions.append(.persist(.unconfirmed(ids)))
            case .send: continue
            }
        }
        if !actions.isEmpty { outboxChanged = true }
        if let recovery = outage?.finished {
            outage = nil
            actions.append(.emit(.recovered(recovery), to: id))
        }
        return actions
    }

    /// The app should hear the outbox: once, at the end of the input, with every change the
    /// input made (a snapshot taken earlier would be copied by the next change).
    mutating func outboxDidChange() {
        outboxChanged = true
    }

    /// The `.outbox` event, when the outbox changed since the last one.
    mutating func outboxEvent() -> LinkAction? {
        guard outboxChanged else { return nil }
        outboxChanged = false
        return .emit(.outbox(courier.entries), to: id)
    }
}
