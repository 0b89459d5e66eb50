import ChatClientKit
import Foundation
import Testing

/// A conversation opened with `Backfill.none`: no history request when it first joins, and
/// catch-ups after an outage that report nothing from before the session.
@Suite struct BackfillTests {
    typealias L = LinkMachineTests
    static let conversation = L.conversation

    /// A machine with one conversation opened without backfill, handshake done.
    static func connected(outbox: [OutboxEntry] = []) -> (L.Harness, [LinkAction]) {
        var h = L.Harness()
        _ = h.step(.open(conversation, customer: nil, outbox: outbox, backfill: .none))
        _ = h.step(.start)
        let joined = h.step(.frame(attempt: 1, L.connectedFrame))
        return (h, joined)
    }

    /// A message from someone else, `seconds` after the test's epoch (negative: before).
    static func message(_ suffix: String, at seconds: Double) -> Message {
        let date = Date(timeIntervalSince1970: L.epoch + seconds)
        return Message(
            id: MessageID("7f3a2b1c-0000-4000-8000-0000000000\(suffix)"), conversationID: conversation, sender: .client,
            content: "m\(suffix)", timestamp: date, createdAt: date)
    }

    static func reported(_ actions: [LinkAction]) -> [Message] {
        actions.flatMap { $0.emittedMessages ?? [] }
    }

    static func fetches(_ actions: [LinkAction]) -> [HistoryRequest] {
        actions.compactMap { action in
            if case .fetchHistory(_, _, let request) = action { request } else { nil }
        }
    }

    /// Loses the first socket and completes the second's handshake; returns its actions.
    static func reconnect(_ h: inout L.Harness) -> [LinkAction] {
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.tick()
        return h.step(.frame(attempt: 2, L.connectedFrame))
    }

    @Test func theFirstJoinReadsNoHistoryAndANewMessageGoesAtOnce() {
        let (_, joined) = Self.connected(outbox: [L.entry("e1")])
        #expect(Self.fetches(joined).isEmpty)
        #expect(L.sent(joined) == ["e1"])
        #expect(joined.contains(.emit(.state(.connected), to: nil)))
    }

    @Test func anEntryTheServerMayHaveStillReadsHistoryAndIsConfirmedNotSent() {
        var attempted = L.entry("e1")
        attempted.recordAttempt(at: Date(timeIntervalSince1970: L.epoch - 30))
        var (h, joined) = Self.connected(outbox: [attempted])
        #expect(Self.fetches(joined) == [L.firstPage])
        let old = Self.message("b0", at: -3600)
        let stored = L.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1")
        let caughtUp = h.step(.history(attempt: 1, Self.conversation, .success([old, stored])))
        #expect(Self.reported(caughtUp) == [stored], "an hour before the session opened is its past")
        #expect(caughtUp.contains(.persist(.confirm(["e1"]))))
        #expect(L.sent(caughtUp).isEmpty)
    }

    @Test func afterAnOutageOnlyWhatCameAfterTheFirstReportedMessageIsReported() {
        var (h, _) = Self.connected()
        let first = Self.message("c1", at: 1)
        #expect(Self.reported(h.step(.frame(attempt: 1, Self.frame(first)))) == [first])
        let rejoined = Self.reconnect(&h)
        #expect(Self.fetches(rejoined) == [L.firstPage])
        let before = Self.message("c0", at: -1)
        let missed = Self.message("c2", at: 5)
        let caughtUp = h.step(.history(attempt: 2, Self.conversation, .success([before, first, missed])))
        #expect(Self.reported(caughtUp) == [missed], "c0 was stored before the session joined, even if a second before")
    }

    @Test func afterAnOutageBeforeAnyMessageWhatIsDatedBeforeTheOpenLessTheMarginIsLeftOut() {
        var (h, _) = Self.connected()
        h.now = 20
        let rejoined = Self.reconnect(&h)
        let old = Self.message("d0", at: -3600)
        let withinMargin = Self.message("d1", at: -60)
        let missed = Self.message("d2", at: 25)
        let caughtUp = h.step(.history(attempt: 2, Self.conversation, .success([old, withinMargin, missed])))
        #expect(Self.fetches(rejoined) == [L.firstPage])
        #expect(Self.reported(caughtUp) == [withinMargin, missed], "a clock a minute off cannot hide d2; d1 may show")
    }

    @Test func theLatestPageIsStillTheDefault() {
        var h = L.Harness()
        _ = h.step(.open(Self.conversation, customer: nil, outbox: []))
        _ = h.step(.start)
        #expect(Self.fetches(h.step(.frame(attempt: 1, L.connectedFrame))) == [L.firstPage])
    }

    /// The conversations dialect's frame for `message`.
    static func frame(_ message: Message) -> String {
        """
        {"type":"new_message","payload":{"id":"\(message.id)","conversation_id":"\(conversation)","sender":"client",\
        "type":"text","content":"\(message.content)","timestamp":"\(message.timestamp.formatted(.iso8601))","is_read":false}}
        """
    }
}
