/// How a REST call retries temporary failures (network errors, timeouts, 5xx, 429).
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first try; 0 disables retrying.
    public var retries: Int
    public var backoff: Backoff

    public init(retries: Int = 0, backoff: Backoff = Backoff(base: 0.5, cap: 8)) {
        self.retries = retries
        self.backoff = backoff
    }

    /// The wait before retry `attempt` (1-based), honouring a server's Retry-After.
    public func delay(forAttempt attempt: Int, error: ChatError, unit: Double) -> Double {
        if case .rateLimited(_, let retryAfter?) = error { return min(max(retryAfter, 0), 60) }
        return backoff.delay(forAttempt: attempt, unit: unit)
    }
}
