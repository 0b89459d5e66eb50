import ChatClientKit
import Foundation
import Testing

@testable import chatctl

@Suite struct WatchTrackerTests {
    let conversation = ConversationID(UUID())
    let time = Date(timeIntervalSince1970: 1_763_474_462)

    func message(_ id: MessageID = MessageID(UUID())) -> Message {
        Message(id: id, conversationID: conversation, sender: .client, content: "hi", timestamp: time, createdAt: time)
    }

    @Test func countsOnlyMessagesNotSeenBeforeTheWatchBegan() {
        let old = message()
        var tracker = WatchTracker(count: 2, timeout: nil, seen: [old.id])
        let first = message()
        var step = tracker.handle(.event(conversation, .messages([old, first])), now: 0, time: time)
        #expect(step.events.map(\.message) == [first])
        #expect(step.outcome == nil)
        step = tracker.handle(.event(conversation, .messages([first])), now: 0, time: time)
        #expect(step.events.isEmpty)
        let second = message()
        let third = message()
        step = tracker.handle(.event(conversation, .messages([second, third])), now: 0, time: time)
        #expect(step.events.map(\.message) == [second])
        #expect(step.outcome == .init(status: .ok, reason: nil))
    }

    @Test func reportsStateChangesAsEvents() throws {
        var tracker = WatchTracker(count: nil, timeout: nil, seen: [])
        let step = tracker.handle(
            .event(conversation, .state(.reconnecting(attempt: 2, retryAt: 13.26))), now: 10, time: time)
        let event = try #require(step.events.first)
        #expect(event.state == "reconnecting")
        #expect(event.attempt == 2)
        #expect(event.retryIn == 3.3)
        let line = try JSONText.encode(event, pretty: false)
        #expect(line.contains(#""event":"state""#))
        #expect(line.contains(#""conversation_id":"\#(conversation.rawValue)""#))
        #expect(!line.contains("message"))
    }

    @Test func authFailureEndsWith77() {
        var tracker = WatchTracker(count: nil, timeout: nil, seen: [])
        let step = tracker.handle(.event(conversation, .state(.authFailed(reason: "Unauthorized"))), now: 0, time: time)
        #expect(step.events.first?.state == "auth_failed")
        #expect(step.outcome?.status == .auth)
    }

    @Test func serverClosingForGoodEndsWith69AndMissingConversationWith66() {
        var tracker = WatchTracker(count: nil, timeout: nil, seen: [])
        let closed = tracker.handle(
            .event(conversation, .state(.closed(.byServer(code: 1000, reason: "bye")))), now: 0, time: time)
        #expect(closed.outcome?.status == .unavailable)
        let missing = tracker.handle(.event(conversation, .state(.closed(.conversationNotFound))), now: 0, time: time)
        #expect(missing.outcome?.status == .notFound)
    }

    @Test func timeoutIsAFailureOnlyWhileCountedMessagesAreMissing() {
        var counting = WatchTracker(count: 3, timeout: 2, seen: [])
        let step = counting.handle(.timeout, now: 0, time: time)
        #expect(step.outcome?.status == .temporary)
        #expect(step.outcome?.reason == "timed out after 2 s still waiting for 3 messages")
        var open = WatchTracker(count: nil, timeout: 2, seen: [])
        #expect(open.handle(.timeout, now: 0, time: time).outcome == .init(status: .ok, reason: nil))
        #expect(open.handle(.interrupted, now: 0, time: time).outcome == .init(status: .ok, reason: nil))
    }

    @Test func typingPresenceAndServerErrorsAreEvents() {
        var tracker = WatchTracker(count: nil, timeout: nil, seen: [])
        #expect(tracker.handle(.event(conversation, .typing(["c1"])), now: 0, time: time).events.first?.started == ["c1"])
        #expect(
            tracker.handle(.event(conversation, .presence(userID: "c1", online: true)), now: 0, time: time).events.first?
                .online == true)
        let error = ServerError(kind: .rateLimited, message: "Rate limit exceeded")
        #expect(tracker.handle(.event(conversation, .serverError(error)), now: 0, time: time).events.first?.error == "Rate limit exceeded")
        #expect(tracker.handle(.event(conversation, .outbox([])), now: 0, time: time).events.isEmpty)
    }

    @Test func typingIsReportedAsWhoStartedAndWhoStopped() throws {
        var tracker = WatchTracker(count: nil, timeout: nil, seen: [])
        _ = tracker.handle(.event(conversation, .typing(["a", "b"])), now: 0, time: time)
        let change = try #require(tracker.handle(.event(conversation, .typing(["b", "c"])), now: 1, time: time).events.first)
        #expect(change.started == ["c"])
        #expect(change.stopped == ["a"])
        #expect(tracker.handle(.event(conversation, .typing(["c", "b"])), now: 2, time: time).events.isEmpty)
    }

    @Test func pastTheDeadlineAnyEventEndsTheWatch() {
        var tracker = WatchTracker(count: 1, timeout: 2, deadline: 10, seen: [])
        let step = tracker.handle(.event(conversation, .typing(["a"])), now: 10, time: time)
        #expect(step.events.isEmpty)
        #expect(step.outcome?.status == .temporary)
    }
}
