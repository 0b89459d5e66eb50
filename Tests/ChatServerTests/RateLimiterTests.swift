import ChatServerCore
import Testing

@Suite struct RateLimiterTests {
    @Test func acceptsTheLimitThenRefusesUntilTheOldestEventLeavesTheWindow() {
        let clock = ManualClock()
        var limiter = RateLimiter<String, ManualClock.Instant>(limit: 3, window: .seconds(60))
        for _ in 0..<3 {
            let decision = limiter.attempt("agent-1", at: clock.now)
            #expect(decision == .allowed)
            clock.advance(by: .seconds(10))
        }
        let refused = limiter.attempt("agent-1", at: clock.now)
        #expect(refused == .limited(retryAfter: .seconds(30)))

        clock.advance(by: .seconds(29))
        let stillRefused = limiter.attempt("agent-1", at: clock.now)
        #expect(stillRefused == .limited(retryAfter: .seconds(1)))

        clock.advance(by: .seconds(1))
        let allowed = limiter.attempt("agent-1", at: clock.now)
        #expect(allowed == .allowed)
    }

    @Test func refusedEventsAreNotCounted() {
        let clock = ManualClock()
        var limiter = RateLimiter<String, ManualClock.Instant>(limit: 1, window: .seconds(60))
        let first = limiter.attempt("u", at: clock.now)
        #expect(first == .allowed)
        for _ in 0..<10 {
            clock.advance(by: .seconds(5))
            _ = limiter.attempt("u", at: clock.now)
        }
        clock.advance(by: .seconds(10))
        let afterWindow = limiter.attempt("u", at: clock.now)
        #expect(afterWindow == .allowed)
    }

    @Test func keysAreIndependent() {
        let clock = ManualClock()
        var limiter = RateLimiter<String, ManualClock.Instant>(limit: 1, window: .seconds(60))
        let a = limiter.attempt("a", at: clock.now)
        let b = limiter.attempt("b", at: clock.now)
        let again = limiter.attempt("a", at: clock.now)
        #expect(a == .allowed)
        #expect(b == .allowed)
        #expect(again == .limited(retryAfter: .seconds(60)))
    }

    @Test func slidingWindowNeverAdmitsMoreThanTheLimitInAnyWindow() {
        let clock = ManualClock()
        var limiter = RateLimiter<String, ManualClock.Instant>(limit: 5, window: .seconds(10))
        var accepted: [ManualClock.Instant] = []
        for step in 0..<200 {
            if limiter.attempt("u", at: clock.now) == .allowed { accepted.append(clock.now) }
            clock.advance(by: .milliseconds(step % 7 == 0 ? 1_900 : 300))
        }
        for (index, instant) in accepted.enumerated() {
            let inWindow = accepted[index...].prefix { instant.duration(to: $0) < .seconds(10) }
            #expect(inWindow.count <= 5)
        }
        #expect(accepted.count > 5)
    }
}
