import ChatClientKit
import Foundation
import Testing

@testable import chatctl

/// How `messages send` over a socket ends, decided from the session's events.
@Suite struct SendTrackerTests {
    let room: ConversationID = "conv_1"
    var entry: OutboxEntry { OutboxEntry(id: "c-1", conversationID: room, content: "oi", createdAt: Date()) }

    func tracker() -> SendTracker { SendTracker(clientID: "c-1", conversation: room) }

    @Test func theAcknowledgedMessageIsTheOutcome() {
        var tracker = tracker()
        let stored = Message(id: "m1", conversationID: room, sender: .admin, content: "oi", metadata: entry.metadata, timestamp: Date(), createdAt: Date())
        #expect(tracker.handle(.outbox([entry])) == nil)
        #expect(tracker.handle(.messages([stored])) == .sent(stored))
    }

    @Test func aLostAcknowledgementIsTemporaryAndSaysTheFateIsUnknown() throws {
        var tracker = tracker()
        var lost = entry
        lost.state = .unconfirmed
        let handled = tracker.handle(.outbox([lost]))
        let outcome = try #require(handled, "an unconfirmed message ends the command")
        #expect(outcome.status == chatctl.ExitStatus.temporary)
        #expect(outcome.reason.contains("it may or may not have been stored"))
    }

    @Test func refusalsAndFinalStatesMapToTheirExitCodes() {
        var closed = entry
        closed.state = .failed("Conversation is closed")
        var tracker = tracker()
        #expect(tracker.handle(.outbox([closed])) == .failed(.rejected, "conversation conv_1 is closed (Conversation is closed); the message was not stored"))
        #expect(tracker.handle(.state(.authFailed(reason: "Invalid token")))?.status == chatctl.ExitStatus.auth)
        #expect(tracker.handle(.state(.closed(.roleRefused("Invalid role"))))?.status == chatctl.ExitStatus.usage)
    }

    @Test func aTimeoutSaysWhatItWasWaitingFor() {
        var tracker = tracker()
        #expect(tracker.timedOut(after: 2) == .failed(.unavailable, "no acknowledgement within 2 s: the connection to the server never came up"))
        _ = tracker.handle(.state(.connected))
        _ = tracker.handle(.joinRefused("the server refused to join (Invalid message format); waiting for an assignment"))
        let outcome = tracker.timedOut(after: 2.5)
        #expect(outcome.status == chatctl.ExitStatus.temporary)
        #expect(outcome.reason.contains("assign conversation conv_1 to this user first"))
    }
}

extension SendTracker.Outcome {
    var status: chatctl.ExitStatus? {
        if case .failed(let status, _) = self { status } else { nil }
    }

    var reason: String {
        if case .failed(_, let reason) = self { reason } else { "" }
    }
}
