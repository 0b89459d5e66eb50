import ChatClientKit
import Foundation
import Testing

@Suite struct CourierTests {
    let conversation = ConversationID(UUID())

    func entries(_ count: Int) -> [OutboxEntry] {
        (0..<count).map { OutboxEntry(id: "c\($0)", conversationID: conversation, content: "m\($0)", createdAt: Date()) }
    }

    func sentIDs(_ actions: [Courier.Action]) -> [String] {
        actions.compactMap { if case .send(let entry) = $0 { entry.id } else { nil } }
    }

    @Test func sendsNothingUntilSynced() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(2))
        let beforeSync = courier.poll(now: 0, budget: &budget)
        #expect(beforeSync.isEmpty)
        _ = courier.synced(seen: [])
        let afterSync = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(afterSync) == ["c0"])
    }

    @Test func deliversInOrderOneAtATime() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(3))
        _ = courier.synced(seen: [])
        var order: [String] = []
        for _ in 0..<3 {
            let sent = sentIDs(courier.poll(now: 0, budget: &budget))
            #expect(sent.count == 1)
            let whileInFlight = courier.poll(now: 0, budget: &budget)
            #expect(whileInFlight.isEmpty, "stop-and-wait: nothing while one is in flight")
            order += sent
            let confirmed = courier.echoed(sent[0], now: 0)
            #expect(confirmed == [.confirm(sent)])
        }
        #expect(order == ["c0", "c1", "c2"])
        #expect(courier.queue.isEmpty)
    }

    @Test func syncConfirmsWhatTheServerAlreadyHas() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(3))
        let confirmed = courier.synced(seen: ["c0", "c2", "other"])
        #expect(confirmed == [.confirm(["c0", "c2"])])
        let next = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(next) == ["c1"])
    }

    @Test func disconnectForgetsInFlightAndResendsAfterSync() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(2))
        _ = courier.synced(seen: [])
        let first = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(first) == ["c0"])
        courier.disconnected()
        let offline = courier.poll(now: 1, budget: &budget)
        #expect(offline.isEmpty)
        _ = courier.synced(seen: [])
        let resent = courier.poll(now: 2, budget: &budget)
        #expect(sentIDs(resent) == ["c0"], "unconfirmed and not in history: sent again, same id")
    }

    @Test func closedConversationFailsEverythingQueued() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(3))
        _ = courier.synced(seen: [])
        _ = courier.poll(now: 0, budget: &budget)
        let error = ServerError(kind: .conversationClosed, message: "Cannot send message to closed conversation")
        let failed = courier.serverError(error, now: 0)
        #expect(failed == [.fail(["c0", "c1", "c2"], reason: error.message)])
        let later = courier.poll(now: 100, budget: &budget)
        #expect(later.isEmpty, "not retried")
    }

    @Test func rejectedMessageFailsAloneAndTheRestGoOn() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(2))
        _ = courier.synced(seen: [])
        _ = courier.poll(now: 0, budget: &budget)
        let error = ServerError(kind: .rejected, message: "Message too large")
        let failed = courier.serverError(error, now: 0)
        #expect(failed == [.fail(["c0"], reason: "Message too large")])
        let next = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(next) == ["c1"])
    }

    @Test(arguments: [ServerError.Kind.rateLimited, .unavailable])
    func aTryLaterErrorPausesThenRetriesTheSameMessage(_ kind: ServerError.Kind) {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(1), rateLimitPause: 5)
        _ = courier.synced(seen: [])
        _ = courier.poll(now: 0, budget: &budget)
        let paused = courier.serverError(ServerError(kind: kind, message: "try later"), now: 1)
        #expect(paused.isEmpty)
        let tooEarly = courier.poll(now: 5.9, budget: &budget)
        #expect(tooEarly.isEmpty)
        #expect(courier.nextDeadline(now: 2, budget: budget) == 6)
        let resent = courier.poll(now: 6, budget: &budget)
        #expect(sentIDs(resent) == ["c0"])
    }

    /// A message put back by a try-later error waits until the ones written after it are
    /// answered, then goes again first, in outbox order with the next; nothing in flight is
    /// written twice, and once everything is echoed nothing is due.
    @Test func aMessagePutBackGoesAgainFirstOnceTheWindowIsClean() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(4), rateLimitPause: 5, window: 3)
        _ = courier.synced(seen: [])
        #expect(sentIDs(courier.poll(now: 0, budget: &budget)) == ["c0", "c1", "c2"])
        _ = courier.serverError(ServerError(kind: .rateLimited, message: "try later"), now: 1)
        #expect(courier.poll(now: 6, budget: &budget).isEmpty, "c1 and c2 are still unanswered")
        _ = courier.echoed("c1", now: 6)
        #expect(courier.poll(now: 6, budget: &budget).isEmpty)
        _ = courier.echoed("c2", now: 7)
        #expect(sentIDs(courier.poll(now: 7, budget: &budget)) == ["c0", "c3"])
        #expect(courier.poll(now: 7, budget: &budget).isEmpty)
        for id in ["c0", "c3"] { _ = courier.echoed(id, now: 8) }
        #expect(courier.poll(now: 8, budget: &budget).isEmpty)
        #expect(courier.nextDeadline(now: 8, budget: budget) == nil)
    }

    @Test func errorWithNothingInFlightChangesNothing() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(1))
        _ = courier.synced(seen: [])
        let ignored = courier.serverError(ServerError(kind: .rejected, message: "x"), now: 0)
        #expect(ignored.isEmpty)
        let next = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(next) == ["c0"])
    }

    @Test func clientSideRateLimitHoldsMessagesWithoutDroppingThem() {
        var budget = SlidingWindowLimiter(limit: 3, window: 60)
        var courier = Courier(entries: entries(5))
        _ = courier.synced(seen: [])
        var sentAt: [Double] = []
        var now = 0.0
        while !courier.queue.isEmpty && now < 200 {
            let sent = sentIDs(courier.poll(now: now, budget: &budget))
            if let id = sent.first {
                sentAt.append(now)
                _ = courier.echoed(id, now: now)
            } else {
                now = courier.nextDeadline(now: now, budget: budget) ?? now + 1
            }
        }
        #expect(sentAt.count == 5)
        #expect(sentAt[3] >= 61, "the fourth waits for the window: \(sentAt)")
    }

    /// Sent at 0 and confirmed at 5: the message counts from 5, so with a limit of one the
    /// next goes at 65 (plus the margin), never inside a window the server started late.
    @Test func aConfirmedMessageCountsFromItsConfirmation() {
        var budget = SlidingWindowLimiter(limit: 1, window: 60, margin: 1)
        var courier = Courier(entries: entries(2))
        _ = courier.synced(seen: [])
        #expect(sentIDs(courier.poll(now: 0, budget: &budget)) == ["c0"])
        _ = courier.echoed("c0", now: 5)
        #expect(courier.poll(now: 61, budget: &budget).isEmpty, "61 s after the send, but only 56 after the confirmation")
        #expect(courier.nextDeadline(now: 61, budget: budget) == 66)
        #expect(sentIDs(courier.poll(now: 66, budget: &budget)) == ["c1"])
    }

    /// In flight when the socket went away, found stored by the catch-up at 30: it counts
    /// from 30, the earliest the client knows the server had it.
    @Test func aMessageFoundByTheCatchUpCountsFromTheCatchUp() {
        var budget = SlidingWindowLimiter(limit: 1, window: 60, margin: 1)
        var courier = Courier(entries: entries(2))
        _ = courier.synced(seen: [])
        #expect(sentIDs(courier.poll(now: 0, budget: &budget)) == ["c0"])
        _ = courier.disconnected()
        #expect(courier.synced(seen: ["c0"], now: 30) == [.confirm(["c0"])])
        #expect(courier.poll(now: 61, budget: &budget).isEmpty)
        #expect(courier.nextDeadline(now: 61, budget: budget) == 91)
    }

    @Test func ackTimeoutIsReported() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(1), ackTimeout: 15)
        _ = courier.synced(seen: [])
        _ = courier.poll(now: 10, budget: &budget)
        #expect(!courier.ackOverdue(now: 24.9))
        #expect(courier.ackOverdue(now: 25))
        #expect(courier.nextDeadline(now: 11, budget: budget) == 25)
    }

    @Test func echoOfUnknownIDIsHarmless() {
        var budget = SlidingWindowLimiter(limit: 100)
        var courier = Courier(entries: entries(1))
        _ = courier.synced(seen: [])
        let ignored = courier.echoed("someone-else", now: 0)
        #expect(ignored.isEmpty)
        let next = courier.poll(now: 0, budget: &budget)
        #expect(sentIDs(next) == ["c0"])
    }
}
