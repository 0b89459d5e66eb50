import Synchronization

/// The per-user limits of the dialect (messages, typing events), on the server's monotonic clock.
final class RateLimits: Sendable {
    private let messages: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let typing: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let clock = ContinuousClock()

    init(_ limits: ServerLimits) {
        messages = Mutex(RateLimiter(limit: limits.messagesPerWindow, window: limits.rateWindow))
        typing = Mutex(RateLimiter(limit: limits.typingEventsPerWindow, window: limits.rateWindow))
    }

    func message(from userID: String) -> RateLimiter<String, ContinuousClock.Instant>.Decision {
        let now = clock.now
        return messages.withLock { $0.attempt(userID, at: now) }
    }

    func typingEvent(from userID: String) -> RateLimiter<String, ContinuousClock.Instant>.Decision {
        let now = clock.now
        return typing.withLock { $0.attempt(userID, at: now) }
    }
}
