/// At most `limit` events in any window of `window` seconds — the same rule the servers
/// enforce, so a client that asks this limiter first never trips the server's limit.
///
/// `margin` widens the window on the client's side to absorb network jitter between the
/// moment the client sends and the moment the server counts; `postpone` removes the jitter
/// for an event the server has answered (it counted the event before answering).
///
/// The events are kept in time order, and those that left the window are dropped from the
/// front in bulk, so each call costs O(1) amortized whatever the limit (O(log n) for the
/// count, O(k) for an event among the newest k in `postpone`), never a scan of the window.
public struct SlidingWindowLimiter: Sendable, Equatable {
    public let limit: Int
    public let window: Double
    public let margin: Double
    /// Every event from `first` on, oldest first; those before `first` have left the window
    /// and wait to be dropped together.
    private var events: [Double] = []
    private var first = 0

    public init(limit: Int, window: Double = 60, margin: Double = 1) {
        precondition(limit > 0 && window > 0, "a limiter needs a positive limit and window")
        self.limit = limit
        self.window = window
        self.margin = margin
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        (lhs.limit, lhs.window, lhs.margin) == (rhs.limit, rhs.window, rhs.margin) && lhs.live.elementsEqual(rhs.live)
    }

    private var live: ArraySlice<Double> { events[first...] }

    /// Events recorded within the (widened) window ending at `now`.
    public func count(now: Double) -> Int {
        events.count - firstInWindow(now: now)
    }

    /// The earliest time an event is allowed (`now` if allowed already).
    public func nextAllowed(now: Double) -> Double {
        guard count(now: now) >= limit else { return now }
        return events[events.count - limit] + window + margin
    }

    /// Moves one event recorded at `recorded` to `later` (no later than any event recorded
    /// since): once the server has answered, the event counts from the answer, which the
    /// server's own count cannot be later than, however long the way there took.
    public mutating func postpone(_ recorded: Double, to later: Double) {
        guard later > recorded, let index = live.lastIndex(of: recorded) else { return }
        events.remove(at: index)
        var slot = events.endIndex
        while slot > first, events[slot - 1] > later { slot -= 1 }
        events.insert(later, at: slot)
    }

    /// Records an event at `now` if allowed; returns whether it was.
    public mutating func tryRecord(now: Double) -> Bool {
        dropExpired(now: now)
        guard events.count - first < limit else { return false }
        events.append(now)
        return true
    }

    /// The index of the oldest event still in the window at `now` (binary search).
    private func firstInWindow(now: Double) -> Int {
        let cutoff = now - window - margin
        var (low, high) = (first, events.count)
        while low < high {
            let middle = (low + high) / 2
            if events[middle] <= cutoff { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Forgets the events that left the window, moving the rest only once the dropped ones
    /// are the larger part.
    private mutating func dropExpired(now: Double) {
        first = firstInWindow(now: now)
        if first > 64, first * 2 > events.count {
            events.removeFirst(first)
            first = 0
        }
    }
}
