import ChatClientKit
import Foundation
import Synchronization

/// A `ChatClock` that moves only when a test says so: sleepers wake when `advance` passes
/// their deadline, never by themselves.
public final class ManualChatClock: ChatClock {
    private struct Sleeper {
        let deadline: Double
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Double
        var sleepers: [UUID: Sleeper] = [:]
        /// Sleeps cancelled before they began waiting.
        var cancelled: Set<UUID> = []
    }

    private let state: Mutex<State>

    public init(now: Double = 0) {
        state = Mutex(State(now: now))
    }

    public var now: Double { state.withLock { $0.now } }

    /// How many tasks are waiting for a deadline.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline anyone waits for.
    public var nextDeadline: Double? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    public func sleep(until deadline: Double) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                if sleeper == nil { state.cancelled.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time to `time` and wakes every sleeper whose deadline it reached.
    public func advance(to time: Double) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, time)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return Array(due.values)
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    public func advance(by seconds: Double) {
        advance(to: now + seconds)
    }
}
