import ChatClientKit
import Testing

@Suite struct SlidingWindowLimiterTests {
    @Test func allowsLimitPerWindowThenWaits() {
        var limiter = SlidingWindowLimiter(limit: 3, window: 60, margin: 0)
        let allowed = [0, 1, 2, 3].map { limiter.tryRecord(now: $0) }
        #expect(allowed == [true, true, true, false])
        #expect(limiter.nextAllowed(now: 3) == 60)
        let early = limiter.tryRecord(now: 59.9)
        let onTime = limiter.tryRecord(now: 60)
        #expect(!early && onTime)
    }

    @Test func aPostponedEventCountsFromItsNewTimeAndKeepsTheOrder() {
        var limiter = SlidingWindowLimiter(limit: 2, window: 60, margin: 0)
        _ = limiter.tryRecord(now: 0)
        _ = limiter.tryRecord(now: 2)
        limiter.postpone(0, to: 3)
        #expect(limiter.nextAllowed(now: 4) == 62, "the older event is now the one at 2")
        limiter.postpone(2, to: 1)
        #expect(limiter.nextAllowed(now: 4) == 62, "an event is never moved earlier")
        limiter.postpone(7, to: 9)
        #expect(limiter.count(now: 4) == 2, "an unknown event changes nothing")
    }

    @Test func neverExceedsTheServerWindowUnderAnySchedule() {
        var rng = SplitMix64(seed: 1)
        var limiter = SlidingWindowLimiter(limit: 10, window: 60, margin: 1)
        var accepted: [Double] = []
        var now = 0.0
        for _ in 0..<5000 {
            now += rng.unit() * 3
            if limiter.tryRecord(now: now) { accepted.append(now) }
        }
        for (index, time) in accepted.enumerated() {
            let inServerWindow = accepted[...index].filter { $0 > time - 60 }.count
            #expect(inServerWindow <= 10)
        }
    }
}

@Suite struct TypingThrottleTests {
    @Test func firstKeystrokeStartsThenRefreshesAtMostEvery6Seconds() {
        var budget = UserBudget().typing
        var throttle = TypingThrottle()
        var sent: [Double] = []
        for tenth in 0..<1200 {
            let now = Double(tenth) / 10
            if throttle.keystroke(now: now, budget: &budget) == .start { sent.append(now) }
        }
        #expect(sent.first == 0)
        #expect(zip(sent, sent.dropFirst()).allSatisfy { $1 - $0 >= 6 })
        #expect(sent.count >= 19 && sent.count <= 20, "keeps the indicator refreshed for two minutes: \(sent)")
    }

    @Test func neverExceedsTenEventsInAnyMinuteEvenWithStops() {
        var budget = UserBudget().typing
        var throttle = TypingThrottle()
        var rng = SplitMix64(seed: 9)
        var events: [Double] = []
        var now = 0.0
        for _ in 0..<10_000 {
            now += rng.unit() * 0.5
            let signal = rng.unit() < 0.1 ? throttle.cleared(now: now, budget: &budget) : throttle.keystroke(now: now, budget: &budget)
            if signal != nil { events.append(now) }
        }
        for (index, time) in events.enumerated() {
            #expect(events[...index].filter { $0 > time - 60 }.count <= 10)
        }
    }

    @Test func stopOnlyAfterAStartAndNotAfterSending() {
        var budget = UserBudget().typing
        var throttle = TypingThrottle()
        let signals = [throttle.cleared(now: 0, budget: &budget), throttle.keystroke(now: 1, budget: &budget), throttle.cleared(now: 2, budget: &budget), throttle.keystroke(now: 20, budget: &budget)]
        #expect(signals == [nil, .start, .stop, .start])
        throttle.sent()
        let afterSending = throttle.cleared(now: 21, budget: &budget)
        #expect(afterSending == nil)
    }
}

@Suite struct TypingTrackerTests {
    @Test func throttledSenderDoesNotFlicker() {
        var tracker = TypingTracker(expiry: 8, stopGrace: 4)
        for cycle in 0..<5 {
            let start = Double(cycle) * 6.1
            tracker.started("maria", now: start)
            tracker.stopped("maria", now: start + 3)
            for step in 0...61 {
                let now = start + Double(step) / 10
                #expect(tracker.typingUsers(now: now) == ["maria"], "hidden at \(now)")
            }
        }
    }

    @Test func hidesAfterGraceFollowingStop() {
        var tracker = TypingTracker(expiry: 8, stopGrace: 4)
        tracker.started("maria", now: 0)
        tracker.stopped("maria", now: 3)
        #expect(tracker.typingUsers(now: 6.9) == ["maria"])
        #expect(tracker.typingUsers(now: 7) == [])
        #expect(tracker.nextChange == 7)
    }

    @Test func expiresByItselfWithoutAStop() {
        var tracker = TypingTracker(expiry: 8, stopGrace: 4)
        tracker.started("joao", now: 10)
        #expect(tracker.typingUsers(now: 17.9) == ["joao"])
        #expect(tracker.typingUsers(now: 18) == [])
        tracker.prune(now: 18)
        #expect(tracker.nextChange == nil)
    }

    @Test func messageClearsAtOnceAndOrderIsKept() {
        var tracker = TypingTracker()
        tracker.started("a", now: 0)
        tracker.started("b", now: 1)
        tracker.started("a", now: 2)
        #expect(tracker.typingUsers(now: 2) == ["a", "b"])
        tracker.clear("a")
        #expect(tracker.typingUsers(now: 2) == ["b"])
    }

    @Test func stopForUnknownUserIsIgnored() {
        var tracker = TypingTracker()
        tracker.stopped("ghost", now: 0)
        #expect(tracker.typingUsers(now: 0) == [])
    }
}

/// The limiter against a plain list of its events, checked by brute force, over a long
/// random schedule with postponements: the bookkeeping that keeps it cheap changes nothing.
@Suite struct SlidingWindowLimiterModelTests {
    /// The old limiter: every event in a list, every question a scan.
    struct Model {
        let limit: Int
        let span: Double
        var events: [Double] = []

        func count(now: Double) -> Int { events.count { $0 > now - span } }
        func nextAllowed(now: Double) -> Double {
            let recent = events.filter { $0 > now - span }
            return recent.count < limit ? now : recent[recent.count - limit] + span
        }
        mutating func tryRecord(now: Double) -> Bool {
            events.removeAll { $0 <= now - span }
            guard events.count < limit else { return false }
            events.append(now)
            return true
        }
        mutating func postpone(_ recorded: Double, to later: Double) {
            guard later > recorded, let index = events.lastIndex(of: recorded) else { return }
            events.remove(at: index)
            events.insert(later, at: events.firstIndex { $0 > later } ?? events.endIndex)
        }
    }

    @Test func answersAsAScanOfEveryEventWould() {
        var rng = SplitMix64(seed: 7)
        var limiter = SlidingWindowLimiter(limit: 300, window: 60, margin: 1)
        var model = Model(limit: 300, span: 61)
        var now = 0.0
        var sent: [Double] = []
        for _ in 0..<20_000 {
            now += rng.unit() * 0.4
            #expect(limiter.tryRecord(now: now) == model.tryRecord(now: now))
            if model.events.last == now { sent.append(now) }
            if sent.count > 16 || (!sent.isEmpty && rng.unit() < 0.3) {
                let recorded = sent.removeFirst()
                limiter.postpone(recorded, to: now)
                model.postpone(recorded, to: now)
            }
            #expect(limiter.count(now: now) == model.count(now: now))
            #expect(limiter.nextAllowed(now: now) == model.nextAllowed(now: now))
        }
    }
}
