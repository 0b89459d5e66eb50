import ChatClientKit
import Foundation
import Testing

/// After an outage each conversation reports one `Recovery`: how long it was offline, what
/// the catch-up found from others and what became of the outbox entries it owed.
@Suite struct OutageLedgerTests {
    typealias L = LinkMachineTests
    static let conversation = L.conversation

    static func recoveries(_ actions: [LinkAction]) -> [Recovery] {
        actions.compactMap { if case .emit(.recovered(let recovery), _) = $0 { recovery } else { nil } }
    }

    /// Connected, caught up, with `e1` in flight and `m0` the newest message.
    static func liveWithAMessageInFlight() -> LinkMachineTests.Harness {
        var h = L.connected(outbox: [L.entry("e1")])
        _ = h.step(.history(attempt: 1, conversation, .success([L.message("7f3a2b1c-0000-4000-8000-0000000000a0", sender: .client)])))
        return h
    }

    @Test func anOutageIsReportedOnceCaughtUpAndTheOutboxHasItsAnswers() {
        var h = Self.liveWithAMessageInFlight()
        h.now = 10
        #expect(Self.recoveries(h.step(.socketClosed(attempt: 1, code: nil, reason: nil))).isEmpty)
        _ = h.step(.enqueue(L.entry("e2")))
        _ = h.tick()
        h.now = 57
        _ = h.step(.frame(attempt: 2, L.connectedFrame))
        let meanwhile = [
            L.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1"),
            L.message("7f3a2b1c-0000-4000-8000-0000000000a2", sender: .client),
            L.message("7f3a2b1c-0000-4000-8000-0000000000a3", sender: .client),
        ]
        let caughtUp = h.step(.history(attempt: 2, Self.conversation, .success(meanwhile)))
        #expect(Self.recoveries(caughtUp).isEmpty, "e2, typed while offline, is still to go")
        let echo = h.step(.frame(attempt: 2, L.echo(L.entry("e2"), id: "7f3a2b1c-0000-4000-8000-0000000000a4")))
        let recovery = try? #require(Self.recoveries(echo).first)
        #expect(recovery == Recovery(
            offlineSeconds: 47, receivedMeanwhile: 2, sentFromOutbox: 2,
            lastSeenBefore: MessageID("7f3a2b1c-0000-4000-8000-0000000000a0")))
        #expect(recovery?.summary == "offline 47 s · 2 received meanwhile · 2 sent from the outbox")
        let after = h.step(.frame(attempt: 2, L.echo(L.entry("e3"), id: "7f3a2b1c-0000-4000-8000-0000000000a5")))
        #expect(Self.recoveries(after).isEmpty, "reported once")
    }

    @Test func theFirstConnectionIsNoOutage() {
        var h = L.connected(outbox: [L.entry("e1")])
        let caughtUp = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let echo = h.step(.frame(attempt: 1, L.echo(L.entry("e1"), id: "7f3a2b1c-0000-4000-8000-0000000000a1")))
        #expect(Self.recoveries(caughtUp + echo).isEmpty)
    }

    @Test func failedAttemptsInBetweenAddToTheOfflineTime() {
        var h = Self.liveWithAMessageInFlight()
        h.now = 5
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.tick()
        _ = h.step(.connectFailed(attempt: 2, .transient("refused")))
        _ = h.tick()
        h.now = max(h.now, 20)
        _ = h.step(.frame(attempt: 3, L.connectedFrame))
        let caughtUp = h.step(.history(attempt: 3, Self.conversation, .success([L.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1")])))
        let recovery = try? #require(Self.recoveries(caughtUp).first)
        #expect(recovery?.offlineSeconds == 15)
        #expect(recovery?.sentFromOutbox == 1)
        #expect(recovery?.receivedMeanwhile == 0, "its own message found in history is not from others")
    }

    @Test func aServerWithoutHistorySaysWhatCannotBeRecovered() {
        let room = ConversationID("room-1")
        var h = LinkMachineTests.Harness(dialect: LineDialect(acknowledgement: .uncorrelatedAck, catchUp: .none), socket: .user)
        _ = h.step(.open(room, customer: nil, outbox: [L.entry("e1", in: room)]))
        _ = h.step(.start)
        _ = h.step(.frame(attempt: 1, "hello agent-1"))
        _ = h.step(.frame(attempt: 1, "joined room-1"))
        h.now = 3
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.tick()
        h.now = max(h.now, 8)
        _ = h.step(.frame(attempt: 2, "hello agent-1"))
        let joined = h.step(.frame(attempt: 2, "joined room-1"))
        let recovery = try? #require(Self.recoveries(joined).first)
        #expect(recovery?.unconfirmed == 1, "e1 was in flight: its fate is unknown")
        #expect(recovery?.offlineSeconds == 5)
        #expect(recovery?.summary == "offline 5.0 s · messages from others cannot be recovered (this server keeps no history) · 0 sent from the outbox · 1 unconfirmed")
    }
}

extension OutageLedgerTests {
    /// rooms: the room is joined again behind a heartbeat barrier; what was queued meanwhile
    /// goes out, and once acknowledged the room reports its recovery.
    @Test func aRoomRecoversOnceWhatWasQueuedMeanwhileIsAcknowledged() {
        let room = RoomsLinkTests.room
        var h = LinkMachineTests.Harness(dialect: RoomsDialect(), socket: .user)
        _ = h.step(.open(room, customer: nil, outbox: []))
        _ = h.step(.start)
        _ = h.step(.frame(attempt: 1, RoomsLinkTests.connected))
        _ = h.step(.frame(attempt: 1, RoomsLinkTests.heartbeatReply))
        h.now = 2
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.step(.enqueue(L.entry("e1", in: room)))
        _ = h.tick()
        h.now = max(h.now, 6)
        _ = h.step(.frame(attempt: 2, RoomsLinkTests.connected))
        let joined = h.step(.frame(attempt: 2, RoomsLinkTests.heartbeatReply))
        #expect(Self.recoveries(joined).isEmpty, "e1 is still to be acknowledged")
        let acked = h.step(.frame(attempt: 2, RoomsLinkTests.frame("message_sent", #"{"message_id":"m1","status":"sent"}"#)))
        let recovery = try? #require(Self.recoveries(acked).first)
        #expect(recovery?.sentFromOutbox == 1)
        #expect(recovery?.offlineSeconds == 4)
    }
}
