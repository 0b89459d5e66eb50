/// Delivers one conversation's outbox over its socket, exactly once, as a pure value.
///
/// Stop-and-wait: one message is in flight at a time, so an `error` frame is attributed
/// without guesswork (the servers answer frames in order and carry no correlation id).
/// Nothing is sent until the session has synced after (re)connecting; entries whose
/// client id shows up in the server's history or echo are confirmed and dropped.
/// The client-side limiter keeps the sender under the server's message rate; a
/// `Rate limit exceeded` reply anyway (another client of the same user) pauses sending and
/// the message goes again later. With the servers answering in order, an echo that was
/// on its way always arrives before the retry, so nothing is sent twice.
public struct Courier: Sendable {
    public enum Action: Sendable, Equatable {
        /// Write this entry to the socket (mark it attempted first).
        case send(OutboxEntry)
        /// These client ids are on the server: remove them from the outbox.
        case confirm([String])
        /// The server refused these for good.
        case fail([String], reason: String)
    }

    public private(set) var queue: [OutboxEntry]
    public private(set) var inFlight: String?
    private var sentAt = 0.0
    private var ready = false
    private var pausedUntil = 0.0
    private var limiter: SlidingWindowLimiter
    /// How long an unanswered message may stay in flight before the session resyncs.
    public let ackTimeout: Double
    /// How long to hold back after the server said `Rate limit exceeded`.
    public let rateLimitPause: Double

    public init(
        pending: [OutboxEntry] = [], messageLimit: Int = 100, window: Double = 60, ackTimeout: Double = 15,
        rateLimitPause: Double = 5
    ) {
        queue = pending.filter { $0.state == .pending }
        limiter = SlidingWindowLimiter(limit: messageLimit, window: window, margin: 1)
        self.ackTimeout = ackTimeout
        self.rateLimitPause = rateLimitPause
    }

    /// True while it may write to the socket (connected and synced).
    public var isReady: Bool { ready }

    /// A new message from the user.
    public mutating func enqueue(_ entry: OutboxEntry) {
        guard entry.state == .pending, !queue.contains(where: { $0.id == entry.id }) else { return }
        queue.append(entry)
    }

    /// The socket went away: whatever was in flight is unknown until the next sync.
    public mutating func disconnected() {
        ready = false
        inFlight = nil
    }

    /// The session fetched history after connecting; `seen` holds every client id in it.
    public mutating func synced(seen: Set<String>) -> [Action] {
        ready = true
        inFlight = nil
        return confirm { seen.contains($0.id) }
    }

    /// A `new_message` arrived carrying `clientID`.
    public mutating func echoed(_ clientID: String) -> [Action] {
        if inFlight == clientID { inFlight = nil }
        return confirm { $0.id == clientID }
    }

    /// The server answered with an `error` frame.
    public mutating func serverError(_ error: ServerError, now: Double) -> [Action] {
        guard let current = inFlight else { return [] }
        inFlight = nil
        switch error.kind {
        case .rateLimited:
            pausedUntil = now + rateLimitPause
            return []
        case .conversationClosed:
            let ids = queue.map(\.id)
            queue.removeAll()
            return [.fail(ids, reason: error.message)]
        case .rejected:
            queue.removeAll { $0.id == current }
            return [.fail([current], reason: error.message)]
        }
    }

    /// The next thing to do at `now`: a send, if one is due and allowed.
    public mutating func poll(now: Double) -> [Action] {
        guard ready, inFlight == nil, now >= pausedUntil, let next = queue.first,
              limiter.tryRecord(now: now)
        else { return [] }
        inFlight = next.id
        sentAt = now
        return [.send(next)]
    }

    /// True when the in-flight message has waited longer than `ackTimeout`.
    public func ackOverdue(now: Double) -> Bool {
        inFlight != nil && now - sentAt >= ackTimeout
    }

    /// When `poll` or `ackOverdue` may change their answer next, if ever.
    public func nextDeadline(now: Double) -> Double? {
        if inFlight != nil { return sentAt + ackTimeout }
        guard ready, !queue.isEmpty else { return nil }
        return max(pausedUntil, limiter.nextAllowed(now: now))
    }

    private mutating func confirm(where matches: (OutboxEntry) -> Bool) -> [Action] {
        let ids = queue.filter(matches).map(\.id)
        guard !ids.isEmpty else { return [] }
        queue.removeAll(where: matches)
        return [.confirm(ids)]
    }
}
