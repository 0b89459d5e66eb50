/// Monotonic time in seconds, injected wherever logic depends on time.
///
/// The pure state machines take `now` as a plain `Double`; the shells read it from a
/// `ChatClock` so tests can drive them with a manual clock.
public protocol ChatClock: Sendable {
    /// Seconds on a monotonic timeline with an arbitrary origin.
    var now: Double { get }
    /// Suspends until `now >= deadline` (or throws on cancellation).
    func sleep(until deadline: Double) async throws
}

/// The real clock, backed by `ContinuousClock`.
public struct SystemClock: ChatClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    public func sleep(until deadline: Double) async throws {
        let delay = deadline - now
        if delay > 0 {
            try await Task.sleep(for: .seconds(delay))
        } else {
            try Task.checkCancellation()
        }
    }
}
