import ChatClientKit
import Foundation
import Testing

/// `LinkMachine` step by step: every input, and exactly the actions it returns (log lines
/// aside, which are diagnostics). Time is a plain number.
@Suite struct LinkMachineTests {
    static let conversation = ConversationID(UUID(uuidString: "7f3a2b1c-0000-4000-8000-000000000001")!)
    static let epoch = 1_763_474_400.0

    /// A machine, the user's budget and the time, driven one input at a time.
    struct Harness {
        var machine: LinkMachine
        var budget: UserBudget
        var now = 0.0

        init(
            dialect: any Dialect = ConversationsDialect(), socket: SocketKey = .conversation(conversation),
            limits: ClientLimits = .init(), credentials: SocketCredentials = .init()
        ) {
            machine = LinkMachine(dialect: dialect, socket: socket, limits: limits, epoch: epoch, credentials: credentials, seed: 42)
            budget = UserBudget(limits: limits)
        }

        /// The actions of one input, without the log lines.
        mutating func step(_ input: LinkInput) -> [LinkAction] {
            machine.handle(input, now: now, budget: &budget).filter {
                if case .log = $0 { false } else { true }
            }
        }

        /// Advances to the machine's next deadline and ticks.
        mutating func tick() -> [LinkAction] {
            if let deadline = machine.nextDeadline(now: now, budget: budget) { now = max(now, deadline) }
            return step(.tick)
        }

        var date: Date { Date(timeIntervalSince1970: LinkMachineTests.epoch + now) }
    }

    static func entry(_ id: String, _ content: String = "hi", in conversation: ConversationID = conversation) -> OutboxEntry {
        OutboxEntry(id: id, conversationID: conversation, content: content, createdAt: Date(timeIntervalSince1970: epoch))
    }

    static func message(_ id: String, clientID: String? = nil, sender: Message.Sender = .admin, in conversation: ConversationID = conversation) -> Message {
        Message(
            id: MessageID(id), conversationID: conversation, sender: sender, content: "x",
            metadata: clientID.map { [Message.clientMessageIDKey: .string($0)] },
            timestamp: Date(timeIntervalSince1970: epoch), createdAt: Date(timeIntervalSince1970: epoch))
    }

    /// The frame the conversations dialect writes for an entry at `date`.
    static func sendFrame(_ entry: OutboxEntry, at date: Date) -> String {
        var codec = ConversationsDialect().makeCodec(for: .conversation(conversation))
        return codec.encode(.send(entry), date: date)!
    }

    static func echo(_ entry: OutboxEntry, id: String) -> String {
        """
        {"type":"new_message","payload":{"id":"\(id)","conversation_id":"\(conversation)","sender":"admin",\
        "type":"text","content":"\(entry.content)","metadata":{"client_message_id":"\(entry.id)"},\
        "timestamp":"2025-11-18T14:00:00Z","is_read":false}}
        """
    }

    static let connectedFrame = #"{"type":"connected","payload":{"conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","user_id":"agent-1"}}"#
    static let firstPage = HistoryRequest(before: nil, limit: 100)

    /// A machine with `outbox`, connected and waiting for its first history page.
    static func connected(outbox: [OutboxEntry] = [], limits: ClientLimits = .init()) -> Harness {
        var h = Harness(limits: limits)
        _ = h.step(.open(conversation, customer: "c-1", outbox: outbox))
        _ = h.step(.start)
        _ = h.step(.frame(attempt: 1, connectedFrame))
        return h
    }

    @Test func opensWithTheOutboxThenConnects() {
        var h = Harness()
        let entry = Self.entry("e1")
        #expect(h.step(.open(Self.conversation, customer: nil, outbox: [entry])) == [.emit(.outbox([entry]), to: Self.conversation)])
        #expect(h.step(.start) == [.connect(attempt: 1), .emit(.state(.connecting(attempt: 0)), to: nil)])
        #expect(h.machine.nextDeadline(now: 0, budget: h.budget) == 10, "the attempt's own deadline")
    }

    @Test func theHandshakeCatchesUpBeforeAnythingIsSent() {
        var h = Harness()
        let entry = Self.entry("e1")
        _ = h.step(.open(Self.conversation, customer: nil, outbox: [entry]))
        _ = h.step(.start)
        #expect(h.step(.frame(attempt: 1, Self.connectedFrame)) == [
            .fetchHistory(attempt: 1, Self.conversation, Self.firstPage), .emit(.state(.connected), to: nil),
        ])
        h.now = 1
        #expect(h.step(.history(attempt: 1, Self.conversation, .success([]))) == [
            .persist(.attempted("e1", at: h.date)), .write(Self.sendFrame(entry, at: h.date), message: "e1"),
        ])
    }

    @Test func withAWindowOfOneTheEchoConfirmsAndTheNextMessageGoes() {
        var h = Self.connected(outbox: [Self.entry("e1"), Self.entry("e2")], limits: ClientLimits(sendWindow: 1))
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let echo = h.step(.frame(attempt: 1, Self.echo(Self.entry("e1"), id: "7f3a2b1c-0000-4000-8000-0000000000a1")))
        #expect(echo.count == 5)
        #expect(echo.first.flatMap(\.emittedMessages)?.map(\.clientMessageID) == ["e1"])
        var written = Self.entry("e2")
        written.recordAttempt(at: h.date)
        #expect(Array(echo[1...]) == [
            .persist(.confirm(["e1"])), .persist(.attempted("e2", at: h.date)),
            .write(Self.sendFrame(Self.entry("e2"), at: h.date), message: "e2"),
            .emit(.outbox([written]), to: Self.conversation),
        ], "the app hears the outbox once, as the input left it")
    }

    @Test func aNewMessageIsStoredWithItsFirstAttemptBeforeItIsWritten() {
        var h = Self.connected()
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let entry = Self.entry("e1")
        var attempted = entry
        attempted.recordAttempt(at: h.date)
        #expect(h.step(.send(entry)) == [
            .persist(.add(attempted)), .write(Self.sendFrame(entry, at: h.date), message: "e1"),
            .emit(.outbox([attempted]), to: Self.conversation),
        ], "one insert that already counts the attempt")
        let elsewhere = OutboxEntry(id: "e2", conversationID: ConversationID("elsewhere"), content: "kept", createdAt: h.date)
        #expect(h.step(.send(elsewhere)) == [.persist(.add(elsewhere))], "stored for when that conversation opens")
    }

    @Test func aMessageTheOutboxRefusedIsForgottenAndTheNextOneTakesItsPlace() {
        var h = Self.connected(limits: ClientLimits(sendWindow: 1))
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let (refused, next) = (Self.entry("e1"), Self.entry("e2"))
        #expect(Self.sent(h.step(.send(refused))) == ["e1"])
        #expect(Self.sent(h.step(.send(next))).isEmpty, "the window of one is taken")
        #expect(h.step(.unstored([Self.entry("e2")])).isEmpty, "another entry with e2's client id is not e2")
        var written = next
        written.recordAttempt(at: h.date)
        #expect(h.step(.unstored([refused])) == [
            .persist(.attempted("e2", at: h.date)), .write(Self.sendFrame(next, at: h.date), message: "e2"),
            .emit(.outbox([written]), to: Self.conversation),
        ])
        #expect(h.machine.outbox(of: Self.conversation)?.map(\.id) == ["e2"])
    }

    /// The messages a step wrote, as their client ids.
    static func sent(_ actions: [LinkAction]) -> [String] {
        actions.compactMap { action in
            if case .write(_, let id?) = action { id } else { nil }
        }
    }

    @Test func aWindowOfMessagesGoesAtOnceAndEachEchoMakesRoomForTheNext() {
        let outbox = (1...5).map { Self.entry("e\($0)") }
        var h = Self.connected(outbox: outbox, limits: ClientLimits(sendWindow: 3))
        #expect(Self.sent(h.step(.history(attempt: 1, Self.conversation, .success([])))) == ["e1", "e2", "e3"])
        #expect(Self.sent(h.step(.frame(attempt: 1, Self.echo(outbox[0], id: "7f3a2b1c-0000-4000-8000-0000000000a1")))) == ["e4"])
        #expect(Self.sent(h.step(.frame(attempt: 1, Self.echo(outbox[2], id: "7f3a2b1c-0000-4000-8000-0000000000a3")))) == ["e5"])
        #expect(h.machine.outbox(of: Self.conversation)?.map(\.id) == ["e2", "e4", "e5"])
    }

    @Test func echoesThatArriveTogetherConfirmAllBeforeAnythingIsWritten() throws {
        let outbox = (1...5).map { Self.entry("e\($0)") }
        var h = Self.connected(outbox: outbox, limits: ClientLimits(sendWindow: 3))
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let burst = h.step(.frames(attempt: 1, [
            .text(Self.echo(outbox[0], id: "7f3a2b1c-0000-4000-8000-0000000000a1")),
            .text(Self.echo(outbox[1], id: "7f3a2b1c-0000-4000-8000-0000000000a2")),
        ]))
        let changes = burst.filter { if case .persist = $0 { true } else { false } }
        #expect(changes == [
            .persist(.confirm(["e1"])), .persist(.confirm(["e2"])),
            .persist(.attempted("e4", at: h.date)), .persist(.attempted("e5", at: h.date)),
        ])
        let firstWrite = burst.firstIndex { if case .write = $0 { true } else { false } }
        let lastChange = burst.lastIndex { if case .persist = $0 { true } else { false } }
        #expect(try #require(lastChange) < (try #require(firstWrite)), "the changes go in one transaction, before the writes")
        #expect(Self.sent(burst) == ["e4", "e5"])
        #expect(h.machine.outbox(of: Self.conversation)?.map(\.id) == ["e3", "e4", "e5"])
    }

    @Test func anErrorFrameAnswersTheOldestAndHoldsTheRestUntilTheWindowIsClean() {
        let outbox = (1...5).map { Self.entry("e\($0)") }
        var h = Self.connected(outbox: outbox, limits: ClientLimits(sendWindow: 3))
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let refused = h.step(.frame(attempt: 1, #"{"type":"error","payload":{"error":"Message content too long"}}"#))
        #expect(refused.contains(.persist(.failed(["e1"], reason: "Message content too long"))))
        #expect(Self.sent(refused).isEmpty, "e2 and e3 are still unanswered: nothing new goes")
        #expect(Self.sent(h.step(.frame(attempt: 1, Self.echo(outbox[1], id: "7f3a2b1c-0000-4000-8000-0000000000a2")))).isEmpty)
        #expect(Self.sent(h.step(.frame(attempt: 1, Self.echo(outbox[2], id: "7f3a2b1c-0000-4000-8000-0000000000a3")))) == ["e4", "e5"],
                "clean again: the whole window")
    }

    @Test func aLostSocketLeavesASuffixThatGoesAgainInOrderAfterTheCatchUp() {
        let outbox = (1...4).map { Self.entry("e\($0)") }
        var h = Self.connected(outbox: outbox, limits: ClientLimits(sendWindow: 4))
        #expect(Self.sent(h.step(.history(attempt: 1, Self.conversation, .success([])))) == ["e1", "e2", "e3", "e4"])
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        _ = h.tick()
        _ = h.step(.frame(attempt: 2, Self.connectedFrame))
        let stored = [Self.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1"), Self.message("7f3a2b1c-0000-4000-8000-0000000000a2", clientID: "e2")]
        let resync = h.step(.history(attempt: 2, Self.conversation, .success(stored)))
        #expect(resync.contains(.persist(.confirm(["e1", "e2"]))))
        #expect(Self.sent(resync) == ["e3", "e4"], "the unstored suffix, in order, once")
    }

    @Test func anOverdueAcknowledgementDropsTheSocketToResync() {
        var h = Self.connected(outbox: [Self.entry("e1")])
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        #expect(h.machine.nextDeadline(now: 0, budget: h.budget) == 15, "the ack deadline")
        let overdue = h.tick()
        #expect(h.now == 15)
        #expect(overdue.first == .disconnect(attempt: 1, reason: "acknowledgement overdue"))
        #expect(h.machine.state.isReconnecting)
        _ = h.tick()
        let resync = h.step(.frame(attempt: 2, Self.connectedFrame))
        #expect(resync.first == .fetchHistory(attempt: 2, Self.conversation, Self.firstPage))
        let stored = Self.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1")
        let reconnectedAt = h.now
        let confirmed = h.step(.history(attempt: 2, Self.conversation, .success([stored])))
        #expect(confirmed == [
            .emit(.messages([stored]), to: Self.conversation), .persist(.confirm(["e1"])),
            .emit(.recovered(Recovery(offlineSeconds: reconnectedAt - 15, sentFromOutbox: 1)), to: Self.conversation),
            .emit(.outbox([]), to: Self.conversation),
        ], "found in history: confirmed, not sent again")
    }

    @Test func aFailedEntryFoundInHistoryIsConfirmed() {
        var failed = Self.entry("e1")
        failed.state = .failed("Cannot send message to closed conversation")
        var h = Self.connected(outbox: [failed])
        let stored = Self.message("7f3a2b1c-0000-4000-8000-0000000000a1", clientID: "e1")
        #expect(h.step(.history(attempt: 1, Self.conversation, .success([stored]))) == [
            .emit(.messages([stored]), to: Self.conversation), .persist(.confirm(["e1"])),
            .emit(.outbox([]), to: Self.conversation),
        ])
    }

    @Test func eventsOfAnAbandonedAttemptAreIgnored() {
        var h = Self.connected(outbox: [Self.entry("e1")])
        _ = h.step(.reconnect)
        #expect(h.step(.history(attempt: 1, Self.conversation, .success([]))).isEmpty)
        #expect(h.step(.frame(attempt: 1, Self.echo(Self.entry("e1"), id: "7f3a2b1c-0000-4000-8000-0000000000a1"))).isEmpty)
        #expect(h.step(.socketClosed(attempt: 1, code: 4001, reason: "late")).isEmpty)
        #expect(h.machine.state == .connecting(attempt: 0))
    }

    @Test func aFailedCatchUpDropsTheSocketAndAnExpiredTokenStops() {
        var h = Self.connected()
        let dropped = h.step(.history(attempt: 1, Self.conversation, .failure(.timeout("no answer"))))
        #expect(dropped.first == .disconnect(attempt: 1, reason: "catching up failed"))
        #expect(h.machine.state.isReconnecting)

        var expired = Self.connected()
        #expect(expired.step(.history(attempt: 1, Self.conversation, .failure(.unauthorized("Token has expired")))) == [
            .disconnect(attempt: 1, reason: "credentials rejected"),
            .emit(.state(.authFailed(reason: "Token has expired")), to: nil),
        ])
    }

    @Test func noTypingWhileAMessageIsInFlight() {
        var h = Self.connected(outbox: [Self.entry("e1")])
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        #expect(h.step(.typed(Self.conversation)).isEmpty, "e1 is in flight")
        _ = h.step(.frame(attempt: 1, Self.echo(Self.entry("e1"), id: "7f3a2b1c-0000-4000-8000-0000000000a1")))
        let typing = h.step(.typed(Self.conversation))
        #expect(typing.count == 1)
        #expect(typing.first?.writtenText?.contains(#""type":"typing_start""#) == true)
    }

    @Test func aCustomerMessageHidesTheirIndicatorAtOnce() {
        var h = Self.connected()
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let typing = #"{"type":"user_typing","payload":{"user_id":"c-1"}}"#
        #expect(h.step(.frame(attempt: 1, typing)) == [.emit(.typing(["c-1"]), to: Self.conversation)])
        let text = Self.echo(Self.entry("x"), id: "7f3a2b1c-0000-4000-8000-0000000000a2").replacingOccurrences(of: #""sender":"admin""#, with: #""sender":"client""#)
        let actions = h.step(.frame(attempt: 1, text))
        #expect(actions.count == 2)
        #expect(actions.last == .emit(.typing([]), to: Self.conversation))
    }

    @Test func aMessageForAnotherConversationIsNotShownHere() {
        var h = Self.connected()
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let elsewhere = Self.echo(Self.entry("x"), id: "7f3a2b1c-0000-4000-8000-0000000000a3")
            .replacingOccurrences(of: #""conversation_id":"\#(Self.conversation)""#, with: #""conversation_id":"7f3a2b1c-0000-4000-8000-000000000099""#)
        let actions = h.step(.frame(attempt: 1, elsewhere))
        #expect(actions.count == 1)
        #expect(actions.first?.emittedUnrecognizedReason?.contains("not on this socket") == true)
    }

    @Test func aBinaryFrameIsReportedAndTheSocketStays() {
        var h = Self.connected()
        let actions = h.step(.frames(attempt: 1, [.binary(Array(repeating: 0, count: 12))]))
        #expect(actions == [.emit(.unrecognized(raw: "<12 binary bytes>", reason: "binary frames are not used"), to: nil)])
        #expect(h.machine.state == .connected)
    }

    @Test func closingTheConversationClosesItsSocket() {
        var h = Self.connected()
        #expect(h.step(.close(Self.conversation)) == [
            .disconnect(attempt: 1, reason: "closed by user"), .emit(.state(.closed(.byUser)), to: nil),
        ])
    }

    @Test func retryAndDiscardChangeTheOutboxOnDiskAndInTheApp() {
        var failed = Self.entry("e1")
        failed.state = .failed("Message too large")
        var h = Self.connected(outbox: [failed, Self.entry("e2")])
        #expect(h.step(.discard(Self.conversation, clientID: "e2")) == [
            .persist(.remove(["e2"])), .emit(.outbox([failed]), to: Self.conversation),
        ])
        #expect(h.step(.retry(Self.conversation, clientID: "e1")) == [
            .persist(.retry("e1")), .emit(.outbox([Self.entry("e1")]), to: Self.conversation),
        ])
        #expect(h.step(.retry(Self.conversation, clientID: "e1")).isEmpty, "already pending")
    }
}

/// The budget is the user's: links that share it never exceed the server's per-user limit.
@Suite struct UserBudgetTests {
    @Test func twoConversationsShareOneMessageBudget() {
        let limits = ClientLimits(messagesPerMinute: 3)
        let ids = [LinkMachineTests.conversation, ConversationID(UUID(uuidString: "7f3a2b1c-0000-4000-8000-000000000002")!)]
        var budget = UserBudget(limits: limits)
        var machines = ids.map { LinkMachine(dialect: ConversationsDialect(), socket: .conversation($0), limits: limits, epoch: 0, seed: 1) }
        var sentAt: [Double] = []
        var unanswered: [(index: Int, entry: OutboxEntry)] = []
        func step(_ index: Int, _ input: LinkInput, at now: Double) {
            for action in machines[index].handle(input, now: now, budget: &budget) {
                guard case .persist(.attempted(let clientID, _)) = action,
                      let entry = machines[index].outbox(of: ids[index])?.first(where: { $0.id == clientID })
                else { continue }
                sentAt.append(now)
                unanswered.append((index, entry))
            }
        }
        for (index, id) in ids.enumerated() {
            let entries = (0..<3).map { LinkMachineTests.entry("\(index)-\($0)", in: id) }
            step(index, .open(id, customer: nil, outbox: entries), at: 0)
            step(index, .start, at: 0)
            let connected = LinkMachineTests.connectedFrame.replacingOccurrences(of: LinkMachineTests.conversation.rawValue, with: id.rawValue)
            step(index, .frame(attempt: 1, connected), at: 0)
            step(index, .history(attempt: 1, id, .success([])), at: 0)
        }
        var now = 0.0
        while sentAt.count < 6, now < 300 {
            now += 1
            let answers = unanswered
            unanswered.removeAll()
            for (index, entry) in answers {
                let frame = LinkMachineTests.echo(entry, id: UUID().uuidString.lowercased())
                    .replacingOccurrences(of: LinkMachineTests.conversation.rawValue, with: ids[index].rawValue)
                step(index, .frame(attempt: 1, frame), at: now)
            }
            for index in machines.indices {
                step(index, .frame(attempt: 1, #"{"type":"ping"}"#), at: now)
                step(index, .tick, at: now)
            }
        }
        #expect(sentAt.count == 6)
        #expect(sentAt.prefix(3).allSatisfy { $0 < 61 })
        #expect(sentAt[3] >= 61, "the fourth message waits for the shared window: \(sentAt)")
    }
}

/// A per-user socket: conversations join, leave with the socket, and join again.
@Suite struct LinkMembershipTests {
    static let first: ConversationID = "room-1"
    static let second: ConversationID = "room-2"

    func connected(_ dialect: LineDialect = LineDialect()) -> LinkMachineTests.Harness {
        var h = LinkMachineTests.Harness(dialect: dialect, socket: .user)
        _ = h.step(.open(Self.first, customer: nil, outbox: []))
        _ = h.step(.start)
        return h
    }

    @Test func wantedConversationsJoinWhenTheSocketIsReadyAndCatchUpOnceConfirmed() {
        var h = connected()
        #expect(h.step(.frame(attempt: 1, "hello agent-1")) == [
            .write("join room-1"), .emit(.state(.connected), to: nil), .announce(.connection(.connected)),
        ])
        #expect(h.step(.open(Self.second, customer: nil, outbox: [])) == [
            .emit(.state(.connected), to: Self.second), .write("join room-2"), .emit(.outbox([]), to: Self.second),
        ])
        #expect(h.step(.frame(attempt: 1, "joined room-2")) == [.fetchHistory(attempt: 1, Self.second, LinkMachineTests.firstPage)])
        #expect(h.step(.frame(attempt: 1, "joined room-1")) == [.fetchHistory(attempt: 1, Self.first, LinkMachineTests.firstPage)])
        #expect(h.step(.frame(attempt: 1, "joined room-1")).isEmpty, "a repeated confirmation changes nothing")
        #expect(h.step(.frame(attempt: 1, "joined room-9")).isEmpty, "a room this client did not open")
    }

    @Test func membershipIsRestoredAfterTheSocketIsLost() {
        var h = connected()
        _ = h.step(.frame(attempt: 1, "hello agent-1"))
        _ = h.step(.frame(attempt: 1, "joined room-1"))
        _ = h.step(.history(attempt: 1, Self.first, .success([])))
        _ = h.step(.socketClosed(attempt: 1, code: nil, reason: nil))
        #expect(h.machine.state.isReconnecting)
        #expect(h.tick() == [
            .connect(attempt: 2), .emit(.state(.connecting(attempt: 1)), to: nil), .announce(.connection(.connecting(attempt: 1))),
        ])
        #expect(h.step(.frame(attempt: 2, "hello agent-1")) == [
            .write("join room-1"), .emit(.state(.connected), to: nil), .announce(.connection(.connected)),
        ])
        #expect(h.step(.frame(attempt: 2, "joined room-1")) == [.fetchHistory(attempt: 2, Self.first, LinkMachineTests.firstPage)])
    }

    @Test func pingsAreAnsweredAndHeartbeatsKeepTheirPeriod() {
        var h = connected()
        _ = h.step(.frame(attempt: 1, "hello agent-1"))
        #expect(h.step(.frame(attempt: 1, "ping")) == [.write("pong")])
        #expect(h.machine.nextDeadline(now: h.now, budget: h.budget) == 15, "ConnectionPolicy.heartbeatInterval")
        #expect(h.tick() == [.write("heartbeat")])
        #expect(h.machine.nextDeadline(now: h.now, budget: h.budget) == 30)
    }

    @Test func unattributableAcksAllowOneMessageInFlightPerSocket() {
        var h = connected(LineDialect(acknowledgement: .uncorrelatedAck))
        _ = h.step(.open(Self.second, customer: nil, outbox: []))
        _ = h.step(.frame(attempt: 1, "hello agent-1"))
        for room in [Self.first, Self.second] {
            _ = h.step(.frame(attempt: 1, "joined \(room)"))
            _ = h.step(.history(attempt: 1, room, .success([])))
        }
        let one = LinkMachineTests.entry("a", in: Self.first)
        let two = LinkMachineTests.entry("b", in: Self.second)
        #expect(h.step(.enqueue(one)).compactMap(\.writtenText) == ["send room-1 a hi"])
        #expect(h.step(.enqueue(two)).compactMap(\.writtenText).isEmpty, "room-1's message is still unanswered")
        #expect(h.step(.frame(attempt: 1, "msg room-1 m1 a admin hi")).compactMap(\.writtenText) == ["send room-2 b hi"])
    }
}

extension LinkAction {
    var writtenText: String? {
        if case .write(let text, _) = self { text } else { nil }
    }

    var emittedMessages: [Message]? {
        if case .emit(.messages(let messages), _) = self { messages } else { nil }
    }

    var emittedUnrecognizedReason: String? {
        if case .emit(.unrecognized(_, let reason), _) = self { reason } else { nil }
    }
}

extension ConnectionState {
    var isReconnecting: Bool { reconnecting != nil }
}

extension LinkMachineTests {
    /// A server that relays typing back to its sender must not show the agent typing to
    /// themselves: the socket's own user (from `connected`) is ignored, others are shown.
    @Test func ownTypingRelayedBackIsIgnored() {
        var h = Self.connected()
        _ = h.step(.history(attempt: 1, Self.conversation, .success([])))
        let own = h.step(.frame(attempt: 1, #"{"type":"user_typing","payload":{"user_id":"agent-1"}}"#))
        #expect(own.isEmpty)
        let other = h.step(.frame(attempt: 1, #"{"type":"user_typing","payload":{"user_id":"c-1"}}"#))
        #expect(other == [.emit(.typing(["c-1"]), to: Self.conversation)])
    }
}
