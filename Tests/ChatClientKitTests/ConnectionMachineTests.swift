import ChatClientKit
import Testing

@Suite struct ConnectionMachineTests {
    /// A machine with jitter pinned by a fixed seed, and helpers to drive it.
    struct Harness {
        var machine: ConnectionMachine
        var now = 0.0
        var lastID = 0

        init(policy: ConnectionPolicy = .init()) {
            machine = ConnectionMachine(policy: policy, seed: 42)
        }

        mutating func start() {
            let actions = machine.start(now: now)
            lastID = Self.connectID(actions)!
        }

        /// Advances to the next deadline and ticks; returns the actions.
        @discardableResult
        mutating func advanceToDeadline() -> [ConnectionMachine.Action] {
            now = machine.nextDeadline!
            let actions = machine.tick(now: now)
            if let id = Self.connectID(actions) { lastID = id }
            return actions
        }

        mutating func failAttempt() {
            _ = machine.connectFailed(id: lastID, .transient("refused"), now: now)
        }

        static func connectID(_ actions: [ConnectionMachine.Action]) -> Int? {
            for case .connect(let id) in actions { return id }
            return nil
        }
    }

    @Test func firstConnectionSucceeds() {
        var h = Harness()
        h.start()
        #expect(h.machine.state == .connecting(attempt: 0))
        #expect(h.machine.nextDeadline == 10)
        _ = h.machine.connected(id: h.lastID, now: 1)
        #expect(h.machine.state == .connected)
        #expect(h.machine.nextDeadline == 46.0)
    }

    @Test func backoffGrowsWithinJitterBoundsThenWaitsForUser() throws {
        var h = Harness()
        h.start()
        h.failAttempt()
        var delays: [Double] = []
        for attempt in 1...5 {
            let (n, retryAt) = try #require(h.machine.state.reconnecting, "expected reconnecting, got \(h.machine.state)")
            #expect(n == attempt)
            delays.append(retryAt - h.now)
            h.advanceToDeadline()
            #expect(h.machine.state == .connecting(attempt: attempt))
            h.failAttempt()
        }
        for (index, delay) in delays.enumerated() {
            let ceiling = [1.0, 2, 4, 8, 16][index]
            #expect(delay >= ceiling / 2 && delay <= ceiling, "retry \(index + 1) waited \(delay)")
        }
        let retryAt = try #require(h.machine.state.quietRetryAt, "expected waitingForUser, got \(h.machine.state)")
        #expect(retryAt - h.now >= 15 && retryAt - h.now <= 30)
        h.advanceToDeadline()
        #expect({ if case .connecting = h.machine.state { true } else { false } }(), "the quiet retry should connect, got \(h.machine.state)")
        h.failAttempt()
        #expect({ if case .waitingForUser = h.machine.state { true } else { false } }(), "a failed quiet retry should wait for the user again")
    }

    @Test func manualReconnectResetsTheAttempts() {
        var h = Harness()
        h.start()
        for _ in 0..<6 {
            h.failAttempt()
            if case .waitingForUser = h.machine.state { break }
            h.advanceToDeadline()
        }
        let actions = h.machine.reconnect(now: h.now)
        #expect(h.machine.state == .connecting(attempt: 0))
        #expect(Harness.connectID(actions) != nil)
    }

    @Test(arguments: [4001, 4002, 4003, 1008])
    func authenticationCloseCodesAreFinal(code: Int) {
        var h = Harness()
        h.start()
        _ = h.machine.connected(id: h.lastID, now: 0)
        _ = h.machine.closed(id: h.lastID, code: code, reason: "Unauthorized", now: 1)
        #expect(h.machine.state == .authFailed(reason: "Unauthorized"))
        #expect(h.machine.nextDeadline == nil)
        let late = h.machine.tick(now: 1000)
        #expect(late.isEmpty)
    }

    @Test func acceptThenCloseWithAuthCodeBeforeJoiningIsAnAuthFailure() {
        var h = Harness()
        h.start()
        _ = h.machine.closed(id: h.lastID, code: 4001, reason: "", now: 0.1)
        #expect(h.machine.state == .authFailed(reason: "close code 4001"))
    }

    @Test func normalCloseFromServerIsFinalAndGoingAwayReconnects() {
        var h = Harness()
        h.start()
        _ = h.machine.connected(id: h.lastID, now: 0)
        _ = h.machine.closed(id: h.lastID, code: 1001, reason: "going away", now: 10)
        #expect({ if case .reconnecting(1, _) = h.machine.state { true } else { false } }(), "1001 should reconnect, got \(h.machine.state)")
        h.advanceToDeadline()
        _ = h.machine.connected(id: h.lastID, now: h.now)
        _ = h.machine.closed(id: h.lastID, code: 1000, reason: "bye", now: h.now + 1)
        #expect(h.machine.state == .closed(.byServer(code: 1000, reason: "bye")))
        #expect(h.machine.nextDeadline == nil, "no retry of its own")
        let asked = h.machine.reconnect(now: h.now + 2)
        #expect(asked.contains { if case .connect = $0 { true } else { false } }, "the user may ask again")
    }

    @Test func aConversationClosedByTheUserOrNotFoundStaysClosedOnReconnect() {
        var h = Harness()
        h.start()
        _ = h.machine.closed(id: h.lastID, code: 4004, reason: "Conversation not found", now: 0)
        #expect(h.machine.reconnect(now: 1).isEmpty)
        var user = Harness()
        user.start()
        _ = user.machine.close()
        #expect(user.machine.reconnect(now: 1).isEmpty)
    }

    @Test func unknownConversationIsFinal() {
        var h = Harness()
        h.start()
        _ = h.machine.closed(id: h.lastID, code: 4004, reason: "Conversation not found", now: 0)
        #expect(h.machine.state == .closed(.conversationNotFound))
    }

    @Test func idleDeadlineDetectsADeadConnection() {
        var h = Harness()
        h.start()
        _ = h.machine.connected(id: h.lastID, now: 0)
        h.machine.inbound(id: h.lastID, now: 30)
        #expect(h.machine.nextDeadline == 75)
        let early = h.machine.tick(now: 74)
        #expect(early.isEmpty)
        let dead = h.lastID
        let actions = h.advanceToDeadline()
        #expect(actions.contains(.disconnect(id: dead, reason: "no data for 45 s")))
        #expect({ if case .reconnecting(1, _) = h.machine.state { true } else { false } }(), "expected a reconnect, got \(h.machine.state)")
    }

    @Test func connectAttemptHasItsOwnDeadline() {
        var h = Harness()
        h.start()
        let stuck = h.lastID
        let actions = h.advanceToDeadline()
        #expect(h.now == 10)
        #expect(actions.first == .disconnect(id: stuck, reason: "connection attempt timed out"))
        #expect({ if case .reconnecting(1, _) = h.machine.state { true } else { false } }(), "expected a retry after the timeout, got \(h.machine.state)")
        _ = h.machine.connected(id: stuck, now: h.now + 0.5)
        #expect({ if case .reconnecting = h.machine.state { true } else { false } }(), "a late event from an abandoned attempt must be ignored")
    }

    @Test func flappingConnectionsKeepCountingStableOnesReset() throws {
        var h = Harness()
        h.start()
        _ = h.machine.connected(id: h.lastID, now: 0)
        _ = h.machine.closed(id: h.lastID, code: nil, reason: nil, now: 100)
        for expected in 2...3 {
            h.advanceToDeadline()
            _ = h.machine.connected(id: h.lastID, now: h.now)
            _ = h.machine.closed(id: h.lastID, code: nil, reason: nil, now: h.now + 1)
            let attempt = try #require(h.machine.state.reconnecting?.attempt)
            #expect(attempt == expected, "a connection that dropped after 1 s must not reset the backoff")
        }
        h.advanceToDeadline()
        _ = h.machine.connected(id: h.lastID, now: h.now)
        _ = h.machine.closed(id: h.lastID, code: nil, reason: nil, now: h.now + 60)
        #expect({ if case .reconnecting(1, _) = h.machine.state { true } else { false } }())
    }

    @Test func userCloseIsFinal() {
        var h = Harness()
        h.start()
        _ = h.machine.connected(id: h.lastID, now: 0)
        let closing = h.machine.close()
        #expect(closing == [.disconnect(id: h.lastID, reason: "closed by user")])
        #expect(h.machine.state == .closed(.byUser))
        let afterClose = h.machine.reconnect(now: 1)
        #expect(afterClose.isEmpty)
    }

    @Test func jitterSpreadsAThousandClients() throws {
        var retryTimes: [Double] = []
        for seed in 0..<1000 {
            var machine = ConnectionMachine(seed: UInt64(seed))
            let id = try #require(Harness.connectID(machine.start(now: 0)))
            _ = machine.connected(id: id, now: 0)
            _ = machine.closed(id: id, code: nil, reason: nil, now: 10)
            if case .reconnecting(_, let at) = machine.state { retryTimes.append(at - 10) }
        }
        #expect(retryTimes.count == 1000)
        let buckets = Dictionary(grouping: retryTimes) { Int($0 * 20) }
        #expect(retryTimes.allSatisfy { $0 >= 0.5 && $0 <= 1 })
        #expect(buckets.values.map(\.count).max()! < 150, "at most 15% of the clients in any 50 ms: \(buckets.mapValues(\.count))")
    }
}

@Suite struct BackoffTests {
    @Test func ceilingsDoubleUpToTheCap() {
        let backoff = Backoff(base: 1, cap: 16)
        #expect((1...7).map(backoff.ceiling(forAttempt:)) == [1, 2, 4, 8, 16, 16, 16])
        #expect(backoff.ceiling(forAttempt: 1000) == 16)
    }

    @Test func jitterStaysWithinHalfAndFull() {
        let backoff = Backoff(base: 1, cap: 30)
        var rng = SplitMix64(seed: 7)
        for attempt in 1...10 {
            for _ in 0..<100 {
                let delay = backoff.delay(forAttempt: attempt, unit: rng.unit())
                let ceiling = backoff.ceiling(forAttempt: attempt)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
            }
        }
    }
}

@Suite struct CredentialsRejectedTests {
    @Test func aRESTAuthFailureStopsAConnectedMachine() throws {
        var machine = ConnectionMachine(seed: 1)
        let id = try #require(ConnectionMachineTests.Harness.connectID(machine.start(now: 0)))
        _ = machine.connected(id: id, now: 0)
        let actions = machine.credentialsRejected("Token has expired")
        #expect(actions == [.disconnect(id: id, reason: "credentials rejected")])
        #expect(machine.state == .authFailed(reason: "Token has expired"))
        #expect(machine.nextDeadline == nil)
    }

    @Test func aWaitingMachineStopsWithoutDisconnecting() throws {
        var machine = ConnectionMachine(seed: 1)
        let id = try #require(ConnectionMachineTests.Harness.connectID(machine.start(now: 0)))
        _ = machine.connectFailed(id: id, .transient("refused"), now: 0)
        let actions = machine.credentialsRejected("Invalid token")
        #expect(actions.isEmpty)
        #expect(machine.state == .authFailed(reason: "Invalid token"))
    }
}

extension ConnectionState {
    /// The attempt and due time of `.reconnecting`.
    var reconnecting: (attempt: Int, retryAt: Double)? {
        if case .reconnecting(let attempt, let retryAt) = self { (attempt, retryAt) } else { nil }
    }

    /// The quiet retry's due time of `.waitingForUser`.
    var quietRetryAt: Double? {
        if case .waitingForUser(let retryAt) = self { retryAt } else { nil }
    }
}
