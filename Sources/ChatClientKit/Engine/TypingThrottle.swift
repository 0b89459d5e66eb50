/// Decides when the local user's typing is announced to the server.
///
/// The server clears an indicator 3 s after the last `typing_start` but allows only 10
/// typing events a minute, so a continuous stream is impossible. The throttle sends a start
/// on the first keystroke and refreshes it at most every `window / limit` seconds while
/// keys keep coming (every 6 s by default: exactly the budget), and a stop only when the
/// user clears the input and budget remains. The receiving side's grace period
/// (`TypingTracker`) bridges the gaps, so the remote indicator stays up without flicker.
///
/// The budget is the user's (`UserBudget.typing`), shared by all their conversations,
/// because the server counts typing events per user.
public struct TypingThrottle: Sendable, Equatable {
    public enum Signal: Sendable, Equatable { case start, stop }

    private let spacing: Double
    private var lastSent: Double?
    private var announced = false

    /// - Parameters:
    ///   - limit: typing events allowed per `window` by the server (starts and stops count).
    ///   - window: the server's window in seconds.
    public init(limit: Int = 10, window: Double = 60) {
        spacing = (window + 1) / Double(limit)
    }

    /// The user typed a key at `now`: returns `.start` when one should be sent.
    public mutating func keystroke(now: Double, budget: inout SlidingWindowLimiter) -> Signal? {
        if let lastSent, now - lastSent < spacing { return nil }
        guard budget.tryRecord(now: now) else { return nil }
        lastSent = now
        announced = true
        return .start
    }

    /// The user cleared the input without sending: returns `.stop` if one is worth sending.
    public mutating func cleared(now: Double, budget: inout SlidingWindowLimiter) -> Signal? {
        guard announced else { return nil }
        announced = false
        guard budget.tryRecord(now: now) else { return nil }
        lastSent = now
        return .stop
    }

    /// The user sent the message: the server clears the indicator itself, no event needed.
    public mutating func sent() {
        announced = false
    }
}
