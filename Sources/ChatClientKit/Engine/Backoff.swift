/// Exponential backoff with "equal jitter": the n-th retry waits a random time in
/// `[d/2, d]` where `d = min(base * 2^(n-1), cap)`, so clients dropped together by one
/// server restart do not all come back in the same second.
public struct Backoff: Sendable, Equatable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 1, cap: Double = 16) {
        precondition(base > 0 && cap >= base, "backoff needs 0 < base <= cap")
        self.base = base
        self.cap = cap
    }

    /// The un-jittered delay before retry number `attempt` (1-based): 1, 2, 4, 8, 16, 16, ...
    public func ceiling(forAttempt attempt: Int) -> Double {
        let exponent = min(max(attempt - 1, 0), 62)
        return min(base * Double(1 << exponent), cap)
    }

    /// The jittered delay before retry number `attempt`, with `unit` uniform in [0, 1).
    public func delay(forAttempt attempt: Int, unit: Double) -> Double {
        let ceiling = ceiling(forAttempt: attempt)
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }
}

/// A tiny deterministic PRNG (SplitMix64) so state machines stay pure values:
/// seed it from the system in production and with a constant in tests.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
