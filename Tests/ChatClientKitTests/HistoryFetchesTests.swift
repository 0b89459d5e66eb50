import Synchronization
import Testing
import TestSupport

@testable import ChatClientKit

/// At most `width` history requests run at once; the rest wait their turn, in order.
@Suite struct HistoryFetchesTests {
    /// Fetches that record when they start and finish only when the test lets them.
    final class Gates: Sendable {
        private struct State {
            var started: [Int] = []
            var opened: Set<Int> = []
            var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
        }

        private let state = Mutex(State())

        var started: [Int] { state.withLock { $0.started } }

        func run(_ index: Int) async {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    state.started.append(index)
                    guard state.opened.contains(index) else {
                        state.waiting[index] = continuation
                        return false
                    }
                    return true
                }
                if resumeNow { continuation.resume() }
            }
        }

        func open(_ index: Int) {
            state.withLock { state in
                state.opened.insert(index)
                return state.waiting.removeValue(forKey: index)
            }?.resume()
        }
    }

    @Test func runsAtMostWidthAtOnceAndTheRestInOrder() async throws {
        let fetches = HistoryFetches(width: 2)
        let gates = Gates()
        for index in 0..<5 { fetches.submit { await gates.run(index) } }
        try await eventually("the first two to start") { Set(gates.started) == [0, 1] }
        #expect(fetches.waitingCount == 3)

        gates.open(1)
        try await eventually("the first waiting to take the free turn") { gates.started.count == 3 }
        #expect(gates.started.last == 2)
        #expect(fetches.waitingCount == 2)

        for index in [0, 2, 3, 4] { gates.open(index) }
        try await eventually("every fetch to start") { gates.started.count == 5 }
        #expect(Set(gates.started.suffix(2)) == [3, 4])
        #expect(fetches.waitingCount == 0)
    }

    @Test func oneAtATimeRunsInTheOrderAskedAndAgainOnceIdle() async throws {
        let fetches = HistoryFetches(width: 1)
        let gates = Gates()
        for index in 0..<4 { fetches.submit { await gates.run(index) } }
        for index in 0..<4 {
            try await eventually("fetch \(index) to start") { gates.started.count == index + 1 }
            #expect(gates.started == Array(0...index))
            #expect(fetches.waitingCount == 3 - index)
            gates.open(index)
        }
        gates.open(4)
        fetches.submit { await gates.run(4) }
        try await eventually("a fetch asked for when all were idle to run") { gates.started == [0, 1, 2, 3, 4] }
    }
}
