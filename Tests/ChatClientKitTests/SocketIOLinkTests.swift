import ChatClientKit
import Foundation
import Testing

/// `LinkMachine` on the `socketio` dialect: the handshake in the socket, one sync for every
/// conversation before anything is sent, correlated acks, a lost ack settled by the sync,
/// sync paging past the server's cap, and the server's ping timing as the dead-connection deadline.
@Suite struct SocketIOLinkTests {
    static let conversation: ConversationID = "c-1"
    static let credentials = SocketCredentials(token: "a.b.c", userID: "alice")
    /// The deployed servers' cap on one sync_response.
    static let syncCap = 1000
    static let open = #"0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#

    /// The event names of what the machine wrote (`42<id>["name",…]`), or the raw packet.
    static func written(_ actions: [LinkAction]) -> [String] {
        actions.compactMap(\.writtenText).map { text in
            guard text.hasPrefix("42") else { return text }
            let json = text.dropFirst(2).drop { $0.isNumber }
            let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any]
            return array?.first as? String ?? text
        }
    }

    /// Every message the actions report to the app.
    static func reported(_ actions: [LinkAction]) -> [Message] {
        actions.flatMap { action -> [Message] in
            if case .emit(.messages(let messages), _) = action { messages } else { [] }
        }
    }

    static func storedRow(id: String, clientID: String?, at time: String = "2025-11-18T14:01:02.123Z") -> String {
        let client = clientID.map { #""\#($0)""# } ?? "null"
        return #"{"id":"\#(id)","conversation_id":"c-1","sender":"agent","sender_id":"alice","content":"hi","message_type":"text","client_message_id":\#(client),"created_at":"\#(time)"}"#
    }

    static func syncResponse(_ rows: [String], token: String = "2025-11-18T15:00:00.000Z") -> String {
        #"42["sync_response",{"type":"sync_response","conversations":[],"messages":[\#(rows.joined(separator: ","))],"syncTimestamp":"\#(token)"}]"#
    }

    /// Open with `outbox`, through the handshake up to the sync request (ack ids: register 1, sync 2).
    func registered(outbox: [OutboxEntry] = [], attempt: Int = 1, on harness: LinkMachineTests.Harness? = nil)
        -> (LinkMachineTests.Harness, [LinkAction])
    {
        var h = harness ?? {
            var h = LinkMachineTests.Harness(dialect: SocketIODialect(), socket: .user, credentials: Self.credentials)
            _ = h.step(.open(Self.conversation, customer: nil, outbox: outbox))
            _ = h.step(.start)
            return h
        }()
        _ = h.step(.frame(attempt: attempt, Self.open))
        _ = h.step(.frame(attempt: attempt, #"40{"sid":"x"}"#))
        let actions = h.step(.frame(attempt: attempt, #"431[{"success":true,"userId":"alice"}]"#))
        return (h, actions)
    }

    @Test func theHandshakeHappensInTheSocketAndEndsWithOneSync() {
        var h = LinkMachineTests.Harness(dialect: SocketIODialect(), socket: .user, credentials: Self.credentials)
        _ = h.step(.open(Self.conversation, customer: nil, outbox: []))
        _ = h.step(.start)
        #expect(Self.written(h.step(.frame(attempt: 1, Self.open))) == [#"40{"token":"a.b.c"}"#])
        #expect(Self.written(h.step(.frame(attempt: 1, #"40{"sid":"x"}"#))) == ["register"])
        let registered = h.step(.frame(attempt: 1, #"431[{"success":true,"userId":"alice"}]"#))
        #expect(Self.written(registered) == ["sync_request"])
        #expect(registered.contains(.emit(.state(.connected), to: nil)))
    }

    @Test func nothingIsSentBeforeTheSyncAnswers() {
        let entry = LinkMachineTests.entry("k-1", in: Self.conversation)
        var (h, _) = registered(outbox: [entry])
        let synced = h.step(.frame(attempt: 1, Self.syncResponse([])))
        #expect(Self.written(synced).contains("send_message"))
        #expect(synced.contains(.persist(.attempted("k-1", at: h.date))))
        let acked = h.step(.frame(attempt: 1, #"433[{"success":true,"message":\#(Self.storedRow(id: "m-1", clientID: "k-1"))}]"#))
        #expect(acked.contains(.persist(.confirm(["k-1"]))))
    }

    @Test func aMessageWhoseAckWasLostIsFoundByTheSyncAndNotSentAgain() {
        let entry = LinkMachineTests.entry("k-1", in: Self.conversation)
        var (h, _) = registered(outbox: [entry])
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        _ = h.step(.socketClosed(attempt: 1, code: 1006, reason: nil))
        _ = h.tick()
        var (again, resynced) = registered(attempt: 2, on: h)
        #expect(Self.written(resynced) == ["sync_request"])
        let found = again.step(.frame(attempt: 2, Self.syncResponse([Self.storedRow(id: "m-1", clientID: "k-1")])))
        #expect(!Self.written(found).contains("send_message"), "stored once: confirmed, not resent")
        #expect(found.contains(.persist(.confirm(["k-1"]))))
        #expect(Self.reported(found).map(\.id) == ["m-1"])
    }

    @Test func aMessageTheSyncDoesNotKnowIsSentAgainWithTheSameClientID() {
        let entry = LinkMachineTests.entry("k-1", in: Self.conversation)
        var (h, _) = registered(outbox: [entry])
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        _ = h.step(.socketClosed(attempt: 1, code: 1006, reason: nil))
        _ = h.tick()
        var (again, _) = registered(attempt: 2, on: h)
        let resent = again.step(.frame(attempt: 2, Self.syncResponse([])))
        #expect(resent.compactMap(\.writtenText).contains { $0.contains(#""clientMessageId":"k-1""#) })
    }

    @Test func aConversationOpenedAfterTheSyncCatchesUpThroughItsHistory() {
        var (h, _) = registered()
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        let later: ConversationID = "c-2"
        let attempted = OutboxEntry(
            id: "k-9", conversationID: later, content: "sent by an earlier run", createdAt: h.date, attempts: 1,
            firstAttemptAt: h.date)
        let opened = h.step(.open(later, customer: nil, outbox: [attempted]))
        let fetch = opened.first { if case .fetchHistory = $0 { true } else { false } }
        #expect(fetch != nil, "no sync is coming for it: \(opened)")
        let stored = Message(
            id: "m-9", conversationID: later, sender: .admin, content: "sent by an earlier run",
            metadata: [Message.clientMessageIDKey: "k-9"], timestamp: h.date, createdAt: h.date)
        let caughtUp = h.step(.history(attempt: 1, later, .success([stored])))
        #expect(caughtUp.contains(.persist(.confirm(["k-9"]))), "found in history: not sent again")
        #expect(!Self.written(caughtUp).contains("send_message"))
    }

    @Test func aResentNewMessageIsAcknowledgedEachTimeAndReportedOnce() {
        var (h, _) = registered()
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        let event = #"["new_message",{"conversationId":"c-1","messageId":"m-7","content":"hello","timestamp":"2025-11-18T14:01:02.123Z","acknowledgmentRequired":true}]"#
        let first = h.step(.frame(attempt: 1, "427" + event))
        let resent = h.step(.frame(attempt: 1, "428" + event))
        #expect(first.compactMap(\.writtenText) == ["437[]"])
        #expect(resent.compactMap(\.writtenText) == ["438[]"], "acknowledged again, or the server keeps resending")
        #expect(Self.reported(first).map(\.id) == ["m-7"])
        #expect(Self.reported(resent).isEmpty)
    }

    @Test func aMessageLargerThanTheServersMaxPayloadFailsWithoutBeingSent() {
        var h = LinkMachineTests.Harness(dialect: SocketIODialect(), socket: .user, credentials: Self.credentials)
        let big = LinkMachineTests.entry("k-big", String(repeating: "x", count: 300), in: Self.conversation)
        _ = h.step(.open(Self.conversation, customer: nil, outbox: [big]))
        _ = h.step(.start)
        _ = h.step(.frame(attempt: 1, #"0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":200}"#))
        _ = h.step(.frame(attempt: 1, #"40{"sid":"x"}"#))
        _ = h.step(.frame(attempt: 1, #"431[{"success":true,"userId":"alice"}]"#))
        let synced = h.step(.frame(attempt: 1, Self.syncResponse([])))
        #expect(!Self.written(synced).contains("send_message"))
        #expect(synced.contains { if case .persist(.failed(["k-big"], _)) = $0 { true } else { false } })
    }

    @Test func theNextSyncStartsFromTheServersToken() {
        var (h, _) = registered()
        _ = h.step(.frame(attempt: 1, Self.syncResponse([], token: "2025-11-18T15:00:00.000Z")))
        _ = h.step(.socketClosed(attempt: 1, code: 1000, reason: nil))
        _ = h.tick()
        let (_, resynced) = registered(attempt: 2, on: h)
        #expect(resynced.compactMap(\.writtenText).contains { $0.contains(#""lastSyncTimestamp":"2025-11-18T15:00:00.000Z""#) })
    }

    @Test func aFullSyncBatchIsFollowedByTheNextFromItsNewestMessage() {
        var (h, _) = registered()
        let rows = (0..<Self.syncCap).map { Self.storedRow(id: "m-\($0)", clientID: nil, at: "2025-11-18T14:01:02.123Z") }
        let more = h.step(.frame(attempt: 1, Self.syncResponse(Array(rows.dropLast()) + [Self.storedRow(id: "last", clientID: nil, at: "2025-11-18T14:09:00.456Z")])))
        #expect(more.compactMap(\.writtenText).contains { $0.contains(#""sync_request",{"lastSyncTimestamp":"2025-11-18T14:09:00.456Z"}"#) })
        #expect(Self.reported(more).isEmpty, "nothing is reported until the sync ends")
        let done = h.step(.frame(attempt: 1, Self.syncResponse([Self.storedRow(id: "newest", clientID: nil, at: "2025-11-18T14:10:00.000Z")])))
        #expect(Self.reported(done).count == Self.syncCap + 1)
    }

    @Test func theServersPingTimingBoundsHowLongASilentConnectionLives() {
        var (h, _) = registered()
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        let silentSince = h.now
        let deadline = h.machine.nextDeadline(now: h.now, budget: h.budget)
        #expect(deadline == silentSince + 45, "pingInterval 25 s + pingTimeout 20 s")
        let dead = h.tick()
        #expect(dead.contains { if case .disconnect = $0 { true } else { false } })
    }

    @Test func aRefusedTokenIsFinalUntilTheUserActs() {
        var h = LinkMachineTests.Harness(dialect: SocketIODialect(), socket: .user, credentials: Self.credentials)
        _ = h.step(.open(Self.conversation, customer: nil, outbox: []))
        _ = h.step(.start)
        _ = h.step(.frame(attempt: 1, Self.open))
        let refused = h.step(.frame(attempt: 1, #"44{"message":"Authentication error: jwt expired"}"#))
        #expect(refused.contains(.emit(.state(.authFailed(reason: "Authentication error: jwt expired")), to: nil)))
        #expect(!h.tick().contains(.connect(attempt: 2)))
    }

    @Test func ownTypingEchoesAreIgnoredAndReadMarksGoOverTheSocket() {
        var (h, _) = registered()
        _ = h.step(.frame(attempt: 1, Self.syncResponse([])))
        #expect(h.step(.frame(attempt: 1, #"42["typing",{"conversationId":"c-1","userId":"alice","isTyping":true}]"#)).isEmpty)
        #expect(h.step(.frame(attempt: 1, #"42["typing",{"conversationId":"c-1","userId":"bob","isTyping":true}]"#))
            == [.emit(.typing(["bob"]), to: Self.conversation)])
        let customer = #"42["new_message",{"conversationId":"c-1","messageId":"m-7","content":"hello","timestamp":"2025-11-18T14:01:02.123Z","acknowledgmentRequired":true}]"#
        _ = h.step(.frame(attempt: 1, customer))
        #expect(Self.written(h.step(.markRead(Self.conversation))) == ["mark_read"])
    }
}
