import Foundation
import TestSupport

/// A `Clock` that only moves when the test calls `advance(by:)`; sleepers wake in deadline order.
final class ManualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let id: UUID
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [Sleeper] = []
    private var watchers: [(count: Int, mailbox: Mailbox<Void>)] = []

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock.
    var sleeperCount: Int { lock.withLock { sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else if deadline <= current {
                    lock.unlock()
                    continuation.resume()
                } else {
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    let ready = takeSatisfiedWatchers()
                    lock.unlock()
                    ready.forEach { $0.push(()) }
                }
            }
        } onCancel: {
            lock.lock()
            let sleeper = sleepers.firstIndex { $0.id == id }.map { sleepers.remove(at: $0) }
            let ready = takeSatisfiedWatchers()
            lock.unlock()
            sleeper?.continuation.resume(throwing: CancellationError())
            ready.forEach { $0.push(()) }
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        lock.lock()
        current = current.advanced(by: duration)
        let due = sleepers.filter { $0.deadline <= current }.sorted { $0.deadline < $1.deadline }
        sleepers.removeAll { $0.deadline <= current }
        let ready = takeSatisfiedWatchers()
        lock.unlock()
        due.forEach { $0.continuation.resume() }
        ready.forEach { $0.push(()) }
    }

    /// Waits until exactly `count` tasks sleep on this clock (timers are started by detached tasks).
    func waitForSleepers(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        let mailbox = Mailbox<Void>()
        let reached = lock.withLock {
            if sleepers.count == count { return true }
            watchers.append((count, mailbox))
            return false
        }
        if reached { return }
        _ = try await mailbox.next(timeout: timeout, waitingFor: "\(count) sleepers on the manual clock")
    }

    private func takeSatisfiedWatchers() -> [Mailbox<Void>] {
        let ready = watchers.filter { $0.count == sleepers.count }.map(\.mailbox)
        watchers.removeAll { $0.count == sleepers.count }
        return ready
    }
}
