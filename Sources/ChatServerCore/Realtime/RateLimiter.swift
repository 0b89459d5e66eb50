/// A sliding-window limiter: at most `limit` accepted events per `window` for each key.
///
/// A pure value: the caller passes `now`, so tests drive it with a manual clock.
/// Refused events are not recorded, so a client that keeps retrying recovers as soon as
/// its oldest accepted event leaves the window.
public struct RateLimiter<Key: Hashable & Sendable, Instant: InstantProtocol & Sendable>: Sendable
where Instant.Duration == Duration {
    public enum Decision: Equatable, Sendable {
        case allowed
        /// Refused; the next event would be accepted after `retryAfter`.
        case limited(retryAfter: Duration)
    }

    public let limit: Int
    public let window: Duration
    private var accepted: [Key: [Instant]] = [:]

    public init(limit: Int, window: Duration) {
        precondition(limit > 0 && window > .zero, "a rate limit needs a positive limit and window")
        self.limit = limit
        self.window = window
    }

    /// Records an event for `key` at `now` if the limit allows it.
    public mutating func attempt(_ key: Key, at now: Instant) -> Decision {
        var events = accepted[key, default: []]
        events.removeAll { $0.advanced(by: window) <= now }
        defer { accepted[key] = events.isEmpty ? nil : events }
        guard events.count < limit else {
            return .limited(retryAfter: now.duration(to: events[0].advanced(by: window)))
        }
        events.append(now)
        return .allowed
    }
}
