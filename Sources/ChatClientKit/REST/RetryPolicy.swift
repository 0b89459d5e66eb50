/// How a REST call retries temporary failures (network errors, timeouts, 5xx, 429).
public struct RetryPolicy: Sendable, Equatable {
    /// The longest `Retry-After` honoured, in seconds.
    public static let longestWait = 60.0

    /// Retries after the first try; 0 disables retrying.
    public var retries: Int
    public var backoff: Backoff

    public init(retries: Int = 0, backoff: Backoff = Backoff(base: 0.5, cap: 8)) {
        self.retries = retries
        self.backoff = backoff
    }

    /// The wait before retry `attempt` (1-based), honouring a server's Retry-After.
    public func delay(forAttempt attempt: Int, error: ChatError, unit: Double) -> Double {
        if let retryAfter = error.retryAfter { return min(max(retryAfter, 0), Self.longestWait) }
        return backoff.delay(forAttempt: attempt, unit: unit)
    }

    /// `error` as the call must end with: a 429 or 503 asking for more than `longestWait`
    /// becomes `.waitTooLong`, which fails at once instead of waiting or retrying.
    public static func screened(_ error: ChatError) -> ChatError {
        switch error {
        case .rateLimited(let text, let seconds?) where seconds > longestWait:
            .waitTooLong(status: 429, text, retryAfter: seconds)
        case .server(let status, let text, let seconds?) where seconds > longestWait:
            .waitTooLong(status: status, text, retryAfter: seconds)
        default:
            error
        }
    }
}
