import ChatClientKit
import Foundation
import Testing

@testable import chatctl

/// The verdicts of `soak`, from events and history alone.
@Suite struct SoakLedgerTests {
    static let conversation = ConversationID(UUID(uuidString: "7f3a2b1c-0000-4000-8000-000000000001")!)

    static func entry(_ clientID: String, _ state: OutboxEntry.State = .pending) -> OutboxEntry {
        OutboxEntry(id: clientID, conversationID: conversation, content: "x", createdAt: Date(timeIntervalSince1970: 0), state: state)
    }

    static func stored(_ n: Int, clientID: String) -> Message {
        Message(
            id: MessageID(UUID()), conversationID: conversation, sender: .admin, content: "soak #\(n)",
            metadata: [Message.clientMessageIDKey: .string(clientID)], timestamp: Date(), createdAt: Date())
    }

    @Test func anOutboxSnapshotFromBeforeAMessageWasQueuedDoesNotConfirmIt() {
        var ledger = SoakLedger(verification: .history)
        ledger.sent(1, clientID: "c1", at: 0)
        _ = ledger.handle(.outbox([]), now: 0)
        #expect(ledger.confirmed.isEmpty, "c1 was never listed, so its absence says nothing")
        _ = ledger.handle(.outbox([Self.entry("c1")]), now: 0.1)
        let events = ledger.handle(.outbox([]), now: 0.5)
        #expect(events == [.confirmed(1, after: 0.5)])
    }

    @Test func historyDecidesLostDuplicatedAndOutOfOrder() {
        var ledger = SoakLedger(verification: .history)
        for n in 1...6 { ledger.sent(n, clientID: "c\(n)", at: Double(n)) }
        _ = ledger.handle(.outbox((1...6).map { Self.entry("c\($0)") }), now: 7)
        _ = ledger.handle(.outbox([Self.entry("c6")]), now: 8)
        ledger.finalHistory([
            Self.stored(1, clientID: "c1"), Self.stored(3, clientID: "c3"), Self.stored(2, clientID: "c2"),
            Self.stored(3, clientID: "c3"), Self.stored(5, clientID: "c5"), Self.stored(99, clientID: "someone-else"),
        ])
        let report = ledger.report(historyComplete: true, now: 10)
        #expect(report.storedOnce == 3)
        #expect(report.lost == [4], "confirmed to the client, missing on the server")
        #expect(report.undelivered == [6], "never confirmed: still in the outbox")
        #expect(report.duplicated == [SoakReport.Duplicate(number: 3, times: 2)])
        #expect(report.outOfOrder == [2])
        #expect(report.verdict == "FAIL: 1 lost (#4); 1 still in the outbox when soak stopped waiting (#6); 1 duplicated (#3 ×2); 1 out of order (#2)")
    }

    @Test func withoutServerHistoryAnUnansweredMessageIsUnconfirmedNotLost() {
        var ledger = SoakLedger(verification: .acknowledgements)
        ledger.sent(1, clientID: "c1", at: 0)
        ledger.sent(2, clientID: "c2", at: 1)
        _ = ledger.handle(.outbox([Self.entry("c1"), Self.entry("c2")]), now: 1)
        _ = ledger.handle(.outbox([Self.entry("c2", .unconfirmed)]), now: 2)
        #expect(ledger.drained)
        let report = ledger.report(historyComplete: true, now: 3)
        #expect(report.storedOnce == 1)
        #expect(report.lost.isEmpty)
        #expect(report.unconfirmed == [2])
        #expect(!report.passed)
        #expect(report.text.contains("duplicated    not verifiable (no server history)\n"))
        #expect(report.text.hasSuffix("result        FAIL: 1 unconfirmed, fate unknown (#2)\n"))
    }

    @Test func outagesAndRecoveriesAreTimedFromTheSessionsStates() {
        var ledger = SoakLedger(verification: .history)
        _ = ledger.handle(.state(.connected), now: 0)
        _ = ledger.handle(.state(.reconnecting(attempt: 1, retryAt: 11)), now: 10)
        #expect(ledger.status(now: 13).line == "sent 0 · confirmed 0 · pending 0 · verified 0 · reconnects 0 · OFFLINE 3.0 s · longest outage 3.0 s")
        let back = ledger.handle(.state(.connected), now: 14.5)
        #expect(back == [.state(.connected), .outageEnded(seconds: 4.5)])
        #expect(!ledger.drained, "the recovery is still to be reported")
        _ = ledger.handle(.recovered(Recovery(offlineSeconds: 4.5)), now: 15)
        #expect(ledger.drained)
        let report = ledger.report(historyComplete: true, now: 20)
        #expect(report.reconnects == 1)
        #expect(report.outages == [4.5])
        #expect(report.recoveries == [0.5])
        #expect(report.passed)
    }

    @Test func paceAndDurationText() {
        #expect(SoakPace.rate("5/s") == 5)
        #expect(SoakPace.rate("30/min") == 0.5)
        #expect(SoakPace.rate("2") == 2)
        #expect(SoakPace.rate("0/s") == nil)
        #expect(SoakPace.rate("5/fortnight") == nil)
        #expect(SoakPace.rate("1e9/s") == nil)
        #expect(SoakPace.duration("1h30m15s") == 5415)
        #expect(SoakPace.duration("90") == 90)
        #expect(SoakPace.duration("10x") == nil)
        #expect(SoakPace.duration("5m3") == nil)
    }
}
