/// At most `limit` events in any window of `window` seconds — the same rule the servers
/// enforce, so a client that asks this limiter first never trips the server's limit.
///
/// `margin` widens the window on the client's side to absorb network jitter between the
/// moment the client sends and the moment the server counts; `postpone` removes the jitter
/// for an event the server has answered (it counted the event before answering).
public struct SlidingWindowLimiter: Sendable, Equatable {
    public let limit: Int
    public let window: Double
    public let margin: Double
    private var events: [Double] = []

    public init(limit: Int, window: Double = 60, margin: Double = 1) {
        precondition(limit > 0 && window > 0, "a limiter needs a positive limit and window")
        self.limit = limit
        self.window = window
        self.margin = margin
    }

    /// Events recorded within the (widened) window ending at `now`.
    public func count(now: Double) -> Int {
        events.count { $0 > now - window - margin }
    }

    /// The earliest time an event is allowed (`now` if allowed already).
    public func nextAllowed(now: Double) -> Double {
        let recent = events.filter { $0 > now - window - margin }
        guard recent.count >= limit else { return now }
        return recent[recent.count - limit] + window + margin
    }

    /// Moves one event recorded at `recorded` to `later` (no later than any event recorded
    /// since): once the server has answered, the event counts from the answer, which the
    /// server's own count cannot be later than, however long the way there took.
    public mutating func postpone(_ recorded: Double, to later: Double) {
        guard later > recorded, let index = events.lastIndex(of: recorded) else { return }
        events.remove(at: index)
        events.insert(later, at: events.firstIndex { $0 > later } ?? events.endIndex)
    }

    /// Records an event at `now` if allowed; returns whether it was.
    public mutating func tryRecord(now: Double) -> Bool {
        events.removeAll { $0 <= now - window - margin }
        guard events.count < limit else { return false }
        events.append(now)
        return true
    }
}
