import ChatClientKit
import Testing
import TestSupport

/// The real clock's sleep: it ends at its deadline, and a cancel ends it at once.
@Suite(.timeLimit(.minutes(1))) struct SystemClockTests {
    @Test func aSleepEndsOnceItsDeadlineHasPassed() async throws {
        let clock = SystemClock()
        let deadline = clock.now + 0.05
        try await clock.sleep(until: deadline)
        #expect(clock.now >= deadline)
    }

    @Test func aCancelledSleepThrowsWithoutWaitingForItsDeadline() async throws {
        let clock = SystemClock()
        let sleeper = Task { try await clock.sleep(until: clock.now + 3600) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func aSleepCancelledWhileWaitingThrows() async throws {
        let clock = SystemClock()
        let started = AsyncStream<Void>.makeStream()
        let sleeper = Task {
            started.continuation.yield()
            try await clock.sleep(until: clock.now + 3600)
        }
        for await _ in started.stream { break }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
