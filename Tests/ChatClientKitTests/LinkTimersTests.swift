import Synchronization
import Testing
import TestSupport

@testable import ChatClientKit

/// One sleeping task wakes every link at its deadline, on the manual clock.
@Suite struct LinkTimersTests {
    final class Key {}

    final class Fired: Sendable {
        private let names = Mutex<[String]>([])
        func record(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test func eachKeyFiresOnceAtItsLatestDeadlineInOrder() async throws {
        let clock = ManualChatClock(now: 0)
        let timers = LinkTimers(clock: clock)
        let fired = Fired()
        let (a, b, c) = (Key(), Key(), Key())
        timers.set(ObjectIdentifier(a), at: 5) { fired.record("a at 5") }
        timers.set(ObjectIdentifier(b), at: 3) { fired.record("b") }
        timers.set(ObjectIdentifier(c), at: 4) { fired.record("c") }
        timers.set(ObjectIdentifier(a), at: 2) { fired.record("a") }
        timers.cancel(ObjectIdentifier(c))
        try await eventually("one task to sleep for every key") { clock.sleeperCount == 1 }

        clock.advance(to: 2)
        try await eventually("a to fire") { fired.all == ["a"] }
        clock.advance(to: 10)
        try await eventually("b to fire") { fired.all == ["a", "b"] }
        #expect(clock.sleeperCount == 0, "a replaced deadline and a cancelled one fire nothing")

        timers.set(ObjectIdentifier(c), at: 12) { fired.record("c again") }
        timers.shutdown()
        clock.advance(to: 20)
        #expect(clock.sleeperCount == 0)
        #expect(fired.all == ["a", "b"], "nothing fires after shutdown")
    }
}
