import DequeModule
import Synchronization

/// Runs a client's history requests at most `width` at a time, in the order they were asked
/// for. The others wait as closures in a queue rather than as suspended tasks: when ten
/// thousand sessions open at once, each catch-up would otherwise hold a task and its stack
/// until the HTTP pool (8 connections per host) got to it.
final class HistoryFetches: Sendable {
    typealias Fetch = @Sendable () async -> Void

    private struct State {
        var running = 0
        var waiting = Deque<Fetch>()
    }

    /// How many run at once.
    let width: Int
    private let state = Mutex(State())

    init(width: Int = 8) {
        precondition(width > 0, "at least one fetch must run")
        self.width = width
    }

    /// Runs `fetch` now if fewer than `width` are running, else after those ahead of it.
    func submit(_ fetch: @escaping Fetch) {
        let runNow = state.withLock { state in
            guard state.running < width else {
                state.waiting.append(fetch)
                return false
            }
            state.running += 1
            return true
        }
        if runNow { Task { await self.drain(from: fetch) } }
    }

    /// Requests waiting for a turn.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Runs `first`, then whatever waits, until nothing does.
    private func drain(from first: @escaping Fetch) async {
        var next: Fetch? = first
        while let fetch = next {
            await fetch()
            next = state.withLock { state in
                if let waiting = state.waiting.popFirst() { return waiting }
                state.running -= 1
                return nil
            }
        }
    }
}
