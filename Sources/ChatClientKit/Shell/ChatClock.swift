import Dispatch
import Synchronization

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
            try await TimerSleep.sleep(seconds: delay)
        } else {
            try Task.checkCancellation()
        }
    }
}

/// A sleep whose timer is released as soon as it is cancelled. `Task.sleep` on Linux keeps
/// its dispatch timer until the deadline even after a cancel, so a client that races every
/// REST request against a 30 s deadline held a timer for each request it had finished.
/// Unchecked: a dispatch source is safe to use from any thread; the rest is in the mutex.
private final class TimerSleep: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: .global())
    private let waiter = Mutex<(continuation: CheckedContinuation<Void, any Error>?, cancelled: Bool)>((nil, false))

    /// Active from the start, without a deadline: dispatch refuses to release a source that
    /// was never activated, which a sleep cancelled before it began would otherwise do.
    private init() {
        timer.activate()
    }

    static func sleep(seconds: Double) async throws {
        let sleep = TimerSleep()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in sleep.start(seconds, continuation) }
        } onCancel: {
            sleep.finish(throwing: CancellationError())
        }
    }

    private func start(_ seconds: Double, _ continuation: CheckedContinuation<Void, any Error>) {
        let cancelled = waiter.withLock { waiter in
            if !waiter.cancelled { waiter.continuation = continuation }
            return waiter.cancelled
        }
        guard !cancelled else { return continuation.resume(throwing: CancellationError()) }
        timer.setEventHandler { [self] in finish(throwing: nil) }
        timer.schedule(deadline: .now() + seconds)
    }

    /// Resumes the sleeper once, whichever comes first, and releases the timer.
    private func finish(throwing error: (any Error)?) {
        let continuation = waiter.withLock { waiter in
            waiter.cancelled = waiter.cancelled || error != nil
            defer { waiter.continuation = nil }
            return waiter.continuation
        }
        timer.setEventHandler(handler: nil)
        timer.cancel()
        guard let continuation else { return }
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    }
}
