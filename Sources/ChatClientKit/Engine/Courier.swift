import Foundation

/// One conversation's outbox and its delivery, exactly once, as a pure value.
///
/// `entries` is the conversation's outbox as the client knows it (pending and failed
/// entries, oldest first); the durable `Outbox` on disk is kept in step by the actions
/// `LinkMachine` derives from what the courier returns.
///
/// A bounded window of messages is in flight, written in outbox order. The servers take a
/// socket's frames in order, so what a lost socket leaves unstored is always a suffix of
/// what was written, and it is written again in order. An `error` frame answers the oldest
/// message in flight (the servers answer in order and carry no correlation id); it drops
/// the window to one until nothing sent before it is unanswered, so a refusal never lets
/// later messages overtake the refused one by more than was already in flight.
/// Nothing is sent until the conversation has caught up after (re)connecting; entries
/// whose client id shows up in the server's history or echo are confirmed and dropped,
/// failed ones included. The user's `UserBudget` keeps the sender under the server's
/// message rate; a `Rate limit exceeded` reply anyway (another client of the same user)
/// pauses sending and the message goes again later. A confirmed message counts against the
/// budget from its confirmation rather than its send, so a slow way to the server cannot
/// make the client's window end before the server's. With the servers answering in order,
/// an echo that was on its way always arrives before the retry, so nothing is sent twice.
public struct Courier: Sendable {
    public enum Action: Sendable, Equatable {
        /// Write this entry to the socket.
        case send(OutboxEntry)
        /// These client ids are on the server: remove them from the outbox.
        case confirm([String])
        /// The server refused these for good.
        case fail([String], reason: String)
        /// Their fate is unknown: sent, acknowledgement lost, no history to check.
        case unconfirm([String])
    }

    /// The conversation's outbox, oldest first.
    public private(set) var entries: [OutboxEntry]
    /// The client ids in `entries`.
    private var ids: Set<String>
    /// Messages written and not answered yet.
    private var flying = InFlight()
    /// False only when `poll` last found every pending entry in flight and nothing since can
    /// have added one that is not: spares `poll` and `nextDeadline` a walk through the
    /// entries on inputs (echoes, mostly) that only take messages out of flight.
    private var mayHaveUnwritten = true
    /// The most messages in flight at once.
    public let maxWindow: Int
    /// `maxWindow`, or 1 after an `error` frame until nothing is in flight.
    private var window: Int
    /// The send and confirmation times of confirmed messages, until `poll` or `settle`
    /// moves their budget events to the confirmation.
    private var answered: [(sentAt: Double, at: Double)] = []
    /// The messages in flight when the socket went away: those the catch-up finds stored
    /// have their budget events moved to the catch-up.
    private var lostInFlight: [(id: String, sentAt: Double)] = []
    private var ready = false
    private var pausedUntil = 0.0
    /// How long an unanswered message may stay in flight before the link resyncs.
    public let ackTimeout: Double
    /// How long to hold back after the server said `Rate limit exceeded` or that it cannot
    /// store messages right now.
    public let rateLimitPause: Double

    public init(entries: [OutboxEntry] = [], ackTimeout: Double = 15, rateLimitPause: Double = 5, window: Int = 1) {
        self.entries = entries
        ids = Set(entries.map(\.id))
        self.ackTimeout = ackTimeout
        self.rateLimitPause = rateLimitPause
        maxWindow = max(window, 1)
        self.window = maxWindow
    }

    /// The oldest message in flight, if any.
    public var inFlight: String? { flying.first?.id }

    /// True when `clientID` was written and not answered yet.
    public func isInFlight(_ clientID: String) -> Bool {
        flying.contains(clientID)
    }

    /// The entries still to deliver, in order.
    public var queue: [OutboxEntry] { entries.filter { $0.state == .pending } }

    /// True while it may write to the socket (connected and caught up).
    public var isReady: Bool { ready }

    /// When the oldest pending entry was first written to a socket, if ever.
    public var earliestAttempt: Date? {
        entries.filter { $0.state == .pending }.compactMap(\.firstAttemptAt).min()
    }

    /// True when an entry has been written to a socket before (in this process or an
    /// earlier one), so the server may have stored it.
    public var mayBeStored: Bool {
        entries.contains { $0.attempts > 0 }
    }

    /// A new message from the user; false when the courier knows it already.
    public mutating func enqueue(_ entry: OutboxEntry) -> Bool {
        guard ids.insert(entry.id).inserted else { return false }
        entries.append(entry)
        mayHaveUnwritten = true
        return true
    }

    /// The socket went away: whatever was in flight is unknown until the next catch-up; on a
    /// server with no history (`canCatchUp` false) it stays unknown and becomes unconfirmed.
    public mutating func disconnected(canCatchUp: Bool = true) -> [Action] {
        ready = false
        let lost = flying.removeAll()
        mayHaveUnwritten = true
        window = maxWindow
        guard canCatchUp else {
            let unknown = Set(lost.map(\.id))
            return unconfirm { unknown.contains($0.id) }
        }
        lostInFlight += lost
        return []
    }

    /// Entries written to a socket by an earlier run whose answer never came, on a server with
    /// no history to check: their fate is unknown.
    public mutating func unconfirmAttempted() -> [Action] {
        unconfirm { $0.state == .pending && $0.attempts > 0 }
    }

    /// The conversation caught up; `seen` holds every client id the server has. When the
    /// catch-up stopped short (`complete` false), an entry already written but not seen may
    /// be stored in what was not fetched: it becomes unconfirmed rather than sent twice.
    /// `now` dates the confirmation of a message that was in flight when the socket went away.
    public mutating func synced(seen: Set<String>, complete: Bool = true, now: Double? = nil) -> [Action] {
        ready = true
        flying.removeAll()
        mayHaveUnwritten = true
        if let now { answered += lostInFlight.filter { seen.contains($0.id) }.map { ($0.sentAt, now) } }
        lostInFlight = []
        let confirmed = confirm { seen.contains($0.id) }
        guard !complete else { return confirmed }
        return confirmed + unconfirm { $0.state == .pending && $0.attempts > 0 }
    }

    /// A message arrived carrying `clientID`, or the server acknowledged it, at `now`.
    public mutating func echoed(_ clientID: String, now: Double) -> [Action] {
        if let sentAt = flying.remove(clientID) {
            answered.append((sentAt, now))
            if flying.isEmpty { window = maxWindow }
        }
        guard ids.remove(clientID) != nil, let index = entries.firstIndex(where: { $0.id == clientID }) else { return [] }
        entries.remove(at: index)
        return [.confirm([clientID])]
    }

    /// Moves confirmed messages' budget events from their sends to their confirmations.
    public mutating func settle(_ budget: inout SlidingWindowLimiter) {
        for (sentAt, at) in answered { budget.postpone(sentAt, to: at) }
        answered = []
    }

    /// The server answered the oldest message in flight with an `error` frame.
    public mutating func serverError(_ error: ServerError, now: Double) -> [Action] {
        guard let current = inFlight else { return [] }
        flying.removeFirst()
        mayHaveUnwritten = true
        window = flying.isEmpty ? maxWindow : 1
        switch error.kind {
        case .rateLimited, .unavailable:
            pausedUntil = now + rateLimitPause
            return []
        case .conversationClosed:
            return fail(queue.map(\.id), reason: error.message)
        case .rejected:
            return fail([current], reason: error.message)
        }
    }

    /// The in-flight entry `clientID` was never written: it fails for `reason` at once.
    public mutating func refuse(_ clientID: String, reason: String) -> [Action] {
        _ = flying.remove(clientID)
        return fail([clientID], reason: reason)
    }

    /// Makes a failed or unconfirmed entry pending again; false when there is no such entry.
    public mutating func retry(_ clientID: String) -> Bool {
        guard let index = entries.firstIndex(where: { $0.id == clientID }), entries[index].state != .pending else {
            return false
        }
        entries[index].state = .pending
        mayHaveUnwritten = true
        return true
    }

    /// Forgets a new entry the outbox could not store (a copy of `entry` itself, so an older
    /// entry with the same client id stays); it was never written. False when there is none.
    public mutating func withdraw(_ entry: OutboxEntry) -> Bool {
        guard let index = entries.firstIndex(where: { $0.isCopy(of: entry) }) else {
            return false
        }
        entries.remove(at: index)
        ids.remove(entry.id)
        _ = flying.remove(entry.id)
        if flying.isEmpty { window = maxWindow }
        return true
    }

    /// Drops an entry the user gave up on; false when it is unknown or in flight.
    public mutating func discard(_ clientID: String) -> Bool {
        guard !isInFlight(clientID), let index = entries.firstIndex(where: { $0.id == clientID }) else { return false }
        entries.remove(at: index)
        ids.remove(clientID)
        return true
    }

    /// Records that `clientID` was written to a socket at wall-clock `date`.
    public mutating func attempted(_ clientID: String, at date: Date) {
        guard let index = entries.firstIndex(where: { $0.id == clientID }) else { return }
        entries[index].recordAttempt(at: date)
    }

    /// The next things to do at `now`: sends, in outbox order, while the window has room and
    /// `budget` allows them.
    public mutating func poll(now: Double, budget: inout SlidingWindowLimiter) -> [Action] {
        settle(&budget)
        guard ready, mayHaveUnwritten, flying.count < window, now >= pausedUntil else { return [] }
        let room = window - flying.count
        var due: [OutboxEntry] = []
        var more = false
        forEachUnwritten { entry in
            guard due.count < room else {
                more = true
                return false
            }
            due.append(entry)
            return true
        }
        var sends: [Action] = []
        for entry in due {
            guard budget.tryRecord(now: now) else { return sends }
            flying.append(entry.id, sentAt: now)
            sends.append(.send(entry))
        }
        mayHaveUnwritten = more
        return sends
    }

    /// Calls `body` with each pending entry not in flight, in outbox order, until it returns
    /// false. Entries in flight are usually the first pending ones in the order they were
    /// written, so they are matched against that list by id; only the others are looked up.
    private func forEachUnwritten(_ body: (OutboxEntry) -> Bool) {
        let written = flying.list
        var next = 0
        for entry in entries where entry.state == .pending {
            if next < written.count, written[next].id == entry.id {
                next += 1
            } else if !flying.contains(entry.id), !body(entry) {
                return
            }
        }
    }

    /// True when the oldest message in flight has waited longer than `ackTimeout`.
    public func ackOverdue(now: Double) -> Bool {
        flying.first.map { now - $0.sentAt >= ackTimeout } ?? false
    }

    /// When `poll` or `ackOverdue` may change their answer next, if ever.
    public func nextDeadline(now: Double, budget: SlidingWindowLimiter) -> Double? {
        let overdue = flying.first.map { $0.sentAt + ackTimeout }
        guard ready, mayHaveUnwritten, flying.count < window else { return overdue }
        var unwritten = false
        forEachUnwritten { _ in
            unwritten = true
            return false
        }
        guard unwritten else { return overdue }
        let next = max(pausedUntil, budget.nextAllowed(now: now))
        return overdue.map { min($0, next) } ?? next
    }

    private mutating func confirm(where matches: (OutboxEntry) -> Bool) -> [Action] {
        let confirmed = entries.filter(matches).map(\.id)
        guard !confirmed.isEmpty else { return [] }
        entries.removeAll(where: matches)
        ids.subtract(confirmed)
        return [.confirm(confirmed)]
    }

    private mutating func unconfirm(where matches: (OutboxEntry) -> Bool) -> [Action] {
        let unknown = entries.filter(matches).map(\.id)
        guard !unknown.isEmpty else { return [] }
        let marked = Set(unknown)
        for index in entries.indices where marked.contains(entries[index].id) { entries[index].state = .unconfirmed }
        return [.unconfirm(unknown)]
    }

    private mutating func fail(_ ids: [String], reason: String) -> [Action] {
        let failed = Set(ids)
        for index in entries.indices where failed.contains(entries[index].id) {
            entries[index].state = .failed(reason)
        }
        return [.fail(ids, reason: reason)]
    }
}
