/// Exponential backoff with jitter for reconnecting to the database: `min(base·2^(n-1), cap)`,
/// then a random point in its upper half, so instances dropped together do not return together.
struct RetryDelay: Sendable, Equatable {
    var base: Duration = .milliseconds(100)
    var cap: Duration = .seconds(5)

    /// The delay before attempt `failures + 1`, with `fraction` in 0...1 choosing within the upper half.
    func delay(afterFailures failures: Int, fraction: Double) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let full = min(base * Double(1 << exponent), cap)
        return full * (0.5 + 0.5 * min(max(fraction, 0), 1))
    }
}
