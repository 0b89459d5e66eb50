import ChatClientKit
import Foundation
import Testing

/// `LinkMachine` on the `rooms` dialect: joins confirmed by a heartbeat barrier, refused
/// joins waiting for assignment, the uncorrelated `message_sent` ack, and messages whose
/// fate a lost ack leaves unknown.
@Suite struct RoomsLinkTests {
    static let room: ConversationID = "conv_1"

    static func frame(_ event: String, _ data: String = "{}") -> String {
        #"{"event":"\#(event)","data":\#(data)}"#
    }

    static let connected = frame("connected", #"{"connection_id":"x","user_id":"agent_1","role":"atendente"}"#)
    static let heartbeatReply = frame("heartbeat", #"{"status":"alive"}"#)

    /// The `event` names of what the machine wrote.
    static func written(_ actions: [LinkAction]) -> [String] {
        actions.compactMap(\.writtenText).compactMap { text in
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["event"] as? String
        }
    }

    func open(outbox: [OutboxEntry] = []) -> LinkMachineTests.Harness {
        var h = LinkMachineTests.Harness(dialect: RoomsDialect(), socket: .user)
        _ = h.step(.open(Self.room, customer: nil, outbox: outbox))
        _ = h.step(.start)
        return h
    }

    /// Connected with the room joined (the barrier answered).
    func joined(outbox: [OutboxEntry] = []) -> LinkMachineTests.Harness {
        var h = open(outbox: outbox)
        _ = h.step(.frame(attempt: 1, Self.connected))
        _ = h.step(.frame(attempt: 1, Self.heartbeatReply))
        return h
    }

    @Test func joinsGoOutWithAHeartbeatWhoseReplyConfirmsThem() {
        var h = open(outbox: [LinkMachineTests.entry("e1", in: Self.room)])
        let connected = h.step(.frame(attempt: 1, Self.connected))
        #expect(Self.written(connected) == ["join_room", "heartbeat"])
        #expect(h.step(.typed(Self.room)).isEmpty, "not joined until the barrier is answered")
        let confirmed = h.step(.frame(attempt: 1, Self.heartbeatReply))
        #expect(Self.written(confirmed) == ["message"], "joined, nothing to catch up on, so the outbox goes")
        #expect(confirmed.contains(.persist(.attempted("e1", at: h.date))))
    }

    @Test func aRefusedJoinIsSaidOnceAndTheRoomWaitsForAnAssignment() {
        var h = open(outbox: [LinkMachineTests.entry("e1", in: Self.room)])
        _ = h.step(.frame(attempt: 1, Self.connected))
        let refused = h.step(.frame(attempt: 1, Self.frame("error", #"{"error":"Invalid message format"}"#)))
        #expect(refused == [.emit(.joinRefused("the server refused to join (Invalid message format); waiting for an assignment"), to: Self.room)])
        #expect(h.step(.frame(attempt: 1, Self.heartbeatReply)).isEmpty, "the barrier's answer joins nothing now")

        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.tick()
        let again = h.step(.frame(attempt: 2, Self.connected))
        #expect(Self.written(again).isEmpty, "no join_room loop after a refusal")

        let assigned = h.step(.frame(attempt: 2, Self.frame("conversation_assigned", #"{"room_id":"conv_1","agent_id":"agent_1","client_name":"João"}"#)))
        #expect(Self.written(assigned) == ["message"], "assigned: joined, and the outbox goes")
        #expect(assigned.contains(.announce(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João")))))
    }

    @Test func theAckConfirmsTheMessageInFlightAndItIsKeptLocally() throws {
        var h = joined(outbox: [LinkMachineTests.entry("e1", "olá", in: Self.room), LinkMachineTests.entry("e2", in: Self.room)])
        let acked = h.step(.frame(attempt: 1, Self.frame("message_sent", #"{"message_id":"msg_1","status":"sent"}"#)))
        let stored = try #require(acked.compactMap(\.emittedMessages).first?.first)
        #expect(stored.id == "msg_1")
        #expect(stored.content == "olá")
        #expect(stored.clientMessageID == "e1")
        #expect(acked.first == .record([stored]), "the server keeps no history, so the client does")
        #expect(acked.contains(.persist(.remove(["e1"]))), "written at once: no history could show it again")
        #expect(Self.written(acked) == ["message"], "e2 goes once e1 is answered")
    }

    @Test func anAckWithNothingInFlightIsReportedNotGuessed() {
        var h = joined()
        let stray = h.step(.frame(attempt: 1, Self.frame("message_sent", #"{"message_id":"msg_1"}"#)))
        #expect(stray.count == 1)
        #expect(stray.first?.emittedUnrecognizedReason == "it answers no message in flight")
    }

    @Test func aMessageWhoseAckIsLostBecomesUnconfirmedNeverResentSilently() {
        var h = joined(outbox: [LinkMachineTests.entry("e1", in: Self.room)])
        var lost = LinkMachineTests.entry("e1", in: Self.room)
        lost.attempts = 1
        lost.firstAttemptAt = h.date
        lost.state = .unconfirmed
        #expect(h.step(.socketClosed(attempt: 1, code: nil, reason: nil)) == [
            .persist(.unconfirmed(["e1"])), .emit(.outbox([lost]), to: Self.room),
            .emit(.state(h.machine.state), to: nil), .announce(.connection(h.machine.state)),
        ])
        _ = h.tick()
        _ = h.step(.frame(attempt: 2, Self.connected))
        #expect(Self.written(h.step(.frame(attempt: 2, Self.heartbeatReply))).isEmpty, "not sent again by itself")

        let resent = h.step(.retry(Self.room, clientID: "e1"))
        #expect(resent.prefix(1) == [.persist(.retry("e1"))])
        #expect(Self.written(resent) == ["message"], "the user chose to resend it")
    }

    @Test func entriesAnEarlierRunSentAreUnconfirmedOnOpen() {
        var sent = LinkMachineTests.entry("e1", in: Self.room)
        sent.attempts = 1
        var h = LinkMachineTests.Harness(dialect: RoomsDialect(), socket: .user)
        var expected = sent
        expected.state = .unconfirmed
        #expect(h.step(.open(Self.room, customer: nil, outbox: [sent])) == [
            .persist(.unconfirmed(["e1"])), .emit(.outbox([expected]), to: Self.room),
        ])
    }

    @Test func heartbeatsKeepThePeriodAndReadMarksGoOverTheSocket() {
        var h = joined()
        #expect(h.machine.nextDeadline(now: h.now, budget: h.budget) == 15)
        #expect(Self.written(h.tick()) == ["heartbeat"])
        _ = h.step(.frame(attempt: 1, Self.frame("message", #"{"id":"m1","room_id":"conv_1","sender_id":"c1","sender_role":"cliente","content":"oi","type":"text","timestamp":"2024-01-01T12:00:00Z"}"#)))
        #expect(Self.written(h.step(.markRead(Self.room))) == ["message_read"])
        #expect(Self.written(h.step(.markRead(Self.room))).isEmpty, "nothing left unread")
    }

    @Test func anInvalidRoleIsFinal() {
        var h = open()
        _ = h.step(.socketClosed(attempt: 1, code: 4001, reason: "Invalid role"))
        #expect(h.machine.state == .closed(.roleRefused("Invalid role")))
        #expect(h.machine.nextDeadline(now: 100, budget: h.budget) == nil)
    }
}
