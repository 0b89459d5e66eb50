import ChatClientKit
import ChatTUI
import Foundation
import Testing

/// Keys and events in, effects out: the app's behaviour without a terminal or a server.
@Suite struct UpdateTests {
    private let one = Fixtures.id(1)
    private let conversations = [
        Fixtures.conversation(1, summary: "Printer", unread: 2),
        Fixtures.conversation(2, summary: "Refund", lastUpdate: Fixtures.at(13, 0)),
    ]

    @Test func startingLoadsTheListAndTheLeftoverOutbox() {
        var state = AppState(now: Fixtures.instant(), width: 80, height: 24)
        let effects = state.start()
        #expect(effects == [
            .loadList(ListRequest(filter: ListFilter(), firstPage: 1, pageCount: 1, pageSize: 50, generation: 0)),
            .loadStoredOutbox,
        ])
    }

    @Test func openingStartsTheSessionThenMarksReadOnceTheHistoryIsIn() {
        var state = Fixtures.state(conversations: conversations)
        let effects = state.update(.key(.enter))
        #expect(effects == [
            .openSession(one, customerID: Fixtures.customer(1001)), .loadHistory(one, before: nil, limit: 50),
        ])
        #expect(state.focus == .input)
        #expect(state.conversations[one]?.unreadCount == 0)
        let unread = Fixtures.message(1, .client, "hi", read: false)
        #expect(state.update(.historyLoaded(one, before: nil, limit: 50, .success([unread]))) == [.markRead(one)])
        #expect(state.buffers[one]?.firstUnread == unread.id)
        var read = conversations[0]
        read.unreadCount = 0
        #expect(state.update(.markedRead(one, .success(read))).isEmpty)
        #expect(state.buffers[one]?.timeline.messages.allSatisfy(\.isRead) == true)
    }

    @Test func reopeningAConversationKeepsItsSessionAndDraft() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        _ = state.update(.key(.character("h")))
        _ = state.update(.key(.escape))
        _ = state.update(.key(.down))
        #expect(state.update(.key(.enter)).contains(.openSession(Fixtures.id(2), customerID: Fixtures.customer(1002))))
        _ = state.update(.key(.escape))
        _ = state.update(.key(.up))
        let effects = state.update(.key(.enter))
        #expect(!effects.contains { if case .openSession = $0 { true } else { false } })
        #expect(state.buffers[one]?.draft.text == "h")
    }

    @Test func typingIsAnnouncedAndEnterSendsTheDraft() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        #expect(state.update(.key(.character("o"))) == [.typed(one)])
        #expect(state.update(.key(.character("k"))) == [.typed(one)])
        #expect(state.update(.key(.altEnter)) == [.typed(one)])
        #expect(state.update(.key(.paste("sure\tthing"))) == [.typed(one)])
        #expect(state.update(.key(.enter)) == [.send(one, "ok\nsure    thing")])
        #expect(state.buffers[one]?.draft.isEmpty == true)
        #expect(state.update(.key(.enter)).isEmpty)
        _ = state.update(.key(.character("x")))
        #expect(state.update(.key(.backspace)) == [.clearedInput(one)])
    }

    @Test func aQueuedMessageIsLabelledAsTheAgents() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        let entry = OutboxEntry(id: "c-1", conversationID: one, content: "hello", createdAt: Fixtures.now)
        _ = state.update(.queued(entry))
        #expect(state.outboxCount.total == 1)
        _ = state.update(.session(one, .messages([Fixtures.message(1, .admin, "hello", clientID: "c-1")])))
        _ = state.update(.session(one, .outbox([])))
        #expect(state.outboxCount.total == 0)
        #expect(Fixtures.lines(state).contains { $0.contains("you     hello ✓") })
        #expect(Fixtures.lines(state)[2].contains("you: hello"))
    }

    @Test func aMessageTooLongForTheServerStaysInTheInput() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        _ = state.update(.key(.paste(String(repeating: "é", count: 5_001))))
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(state.buffers[one]?.draft.text.count == 5_001)
        #expect(state.notice?.isError == true)
    }

    @Test func escapeThenAKeyTypedQuicklyActsOnTheList() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        #expect(state.update(.key(.alt("q"))) == [.quit])
    }

    @Test func filtersAndSearchReloadTheListFromTheTop() {
        var state = Fixtures.state(conversations: conversations)
        var effects = state.update(.key(.character("f")))
        #expect(effects == [.loadList(ListRequest(
            filter: ListFilter(status: .active), firstPage: 1, pageCount: 1, pageSize: 50, generation: 1))])
        _ = state.update(.key(.character("p")))
        #expect(state.list.filter == ListFilter(status: .active, priority: .high))
        _ = state.update(.key(.character("/")))
        for character in "print" { _ = state.update(.key(.character(character))) }
        #expect(Fixtures.lines(state)[37].contains("/ print"))
        effects = state.update(.key(.enter))
        #expect(state.list.search == nil)
        let filter = ListFilter(status: .active, priority: .high, search: "print")
        #expect(effects == [.loadList(ListRequest(filter: filter, firstPage: 1, pageCount: 1, pageSize: 50, generation: 3))])
        _ = state.update(.key(.escape))
        #expect(state.list.filter == ListFilter())
    }

    @Test func anAnswerForAnOldFilterIsIgnored() {
        var state = Fixtures.state(conversations: conversations)
        guard case .loadList(let stale)? = state.update(.key(.character("f"))).first else {
            Issue.record("no load")
            return
        }
        guard case .loadList(let current)? = state.update(.key(.character("f"))).first else {
            Issue.record("no load")
            return
        }
        _ = state.update(.listLoaded(stale, .success(ConversationListing(items: [conversations[1]], total: 1, hasNext: false))))
        #expect(state.list.ids == [one, Fixtures.id(2)])
        _ = state.update(.listLoaded(current, .success(ConversationListing(items: [], total: 0, hasNext: false))))
        #expect(state.list.ids.isEmpty)
    }

    @Test func theListRefreshesOnItsInterval() {
        var state = Fixtures.state(conversations: conversations, settings: AppSettings(refreshInterval: 5))
        #expect(state.update(.tick(Fixtures.instant(104))).isEmpty)
        let effects = state.update(.tick(Fixtures.instant(105)))
        #expect(effects == [.loadList(ListRequest(filter: ListFilter(), firstPage: 1, pageCount: 1, pageSize: 50, generation: 0))])
        #expect(state.update(.tick(Fixtures.instant(111))).isEmpty)  // still loading
    }

    @Test func closeReopenAndReconnectKeys() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [], connection: .waitingForUser(retryAt: 130))
        _ = state.update(.key(.escape))
        #expect(state.update(.key(.character("c"))) == [.setStatus(one, .closed)])
        var closed = conversations[0]
        closed.status = .closed
        _ = state.update(.statusChanged(one, .success(closed)))
        #expect(state.openIsClosed)
        #expect(state.update(.key(.character("c"))).isEmpty)
        #expect(state.update(.key(.character("o"))) == [.setStatus(one, .active)])
        let effects = state.update(.key(.character("R")))
        #expect(effects.first == .reconnect([one]))
        #expect(effects.contains { if case .loadList = $0 { true } else { false } })
    }

    @Test func reconnectIncludesAConversationTheServerClosedNormally() {
        var state = Fixtures.opened(
            Fixtures.state(conversations: conversations), 1, messages: [],
            connection: .closed(.byServer(code: 1000, reason: "")))
        _ = state.update(.key(.escape))
        #expect(state.update(.key(.character("R"))).first == .reconnect([one]))
    }

    @Test func failedMessagesCanBeRetriedOrDiscarded() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        _ = state.update(.key(.escape))
        #expect(state.update(.key(.character("r"))).isEmpty)
        let failed = OutboxEntry(id: "f", conversationID: one, content: "x", createdAt: Fixtures.now, state: .failed("closed"))
        _ = state.update(.session(one, .outbox([failed])))
        #expect(state.update(.key(.character("r"))) == [.retry(one, clientIDs: ["f"])])
        #expect(state.update(.key(.character("x"))) == [.discard(one, clientIDs: ["f"])])
    }

    @Test func scrollingToTheTopFetchesOlderHistory() {
        let messages = (10...59).map { Fixtures.message($0, .client, "m\($0)", at: Fixtures.at(10, $0)) }
        var state = Fixtures.opened(Fixtures.state(width: 80, height: 24, conversations: conversations), 1, messages: messages)
        var effects: [Effect] = []
        for _ in 0..<5 { effects += state.update(.key(.pageUp)) }
        #expect(effects == [.loadHistory(one, before: messages[0].anchor, limit: 50)])
        #expect(Fixtures.lines(state).contains { $0.contains("loading older messages…") })
        let older = (1...9).map { Fixtures.message($0, .client, "m\($0)", at: Fixtures.at(9, $0)) }
        _ = state.update(.historyLoaded(one, before: messages[0].anchor, limit: 50, .success(older)))
        #expect(state.buffers[one]?.timeline.count == 59)
        #expect(state.buffers[one]?.timeline.reachedStart == true)
        #expect(state.update(.key(.pageUp)).isEmpty)
    }

    @Test func aCustomerMessageElsewhereRingsTheBellAndCountsAsUnread() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        _ = state.update(.key(.escape))
        _ = state.update(.key(.down))
        _ = state.update(.key(.enter))
        _ = state.update(.historyLoaded(Fixtures.id(2), before: nil, limit: 50, .success([])))
        let incoming = Fixtures.message(9, in: 1, .client, "anyone?", at: Fixtures.at(14, 4), read: false)
        #expect(state.update(.session(one, .messages([incoming]))) == [.bell])
        #expect(state.conversations[one]?.unreadCount == 1)
        #expect(state.list.ids.first == one)
        var quiet = Fixtures.state(conversations: conversations, settings: AppSettings(bell: false))
        quiet = Fixtures.opened(quiet, 1, messages: [])
        _ = quiet.update(.key(.escape))
        _ = quiet.update(.key(.down))
        _ = quiet.update(.key(.enter))
        #expect(quiet.update(.session(one, .messages([incoming]))).isEmpty)
    }

    @Test func aNewCustomerMessageOnScreenIsMarkedRead() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [Fixtures.message(1, .admin, "hi")])
        var read = conversations[0]
        read.unreadCount = 0
        #expect(state.update(.markedRead(one, .success(read))).isEmpty)
        let first = state.update(.session(one, .messages([Fixtures.message(2, .client, "yo", at: Fixtures.at(14, 3), read: false)])))
        #expect(first == [.markRead(one)])
        let second = state.update(.session(one, .messages([Fixtures.message(3, .client, "again", at: Fixtures.at(14, 4), read: false)])))
        #expect(second.isEmpty)  // one call at a time; a second follows the first
        #expect(state.update(.markedRead(one, .success(read))) == [.markRead(one)])
    }

    @Test func signalsQuitAtOnceKeepingTheOutbox() {
        var state = Fixtures.state(conversations: conversations)
        _ = state.update(.storedOutbox([OutboxEntry(id: "a", conversationID: one, content: "x", createdAt: Fixtures.now)]))
        #expect(state.update(.terminate) == [.quit])
        #expect(state.outboxCount.total == 1)
    }

    @Test func leftoverOutboxEntriesStartTheirSessions() {
        var state = Fixtures.state(conversations: conversations)
        let effects = state.update(.storedOutbox([
            OutboxEntry(id: "a", conversationID: one, content: "x", createdAt: Fixtures.now),
            OutboxEntry(id: "b", conversationID: one, content: "y", createdAt: Fixtures.now),
        ]))
        #expect(effects == [.openSession(one, customerID: Fixtures.customer(1001)), .loadHistory(one, before: nil, limit: 50)])
        #expect(state.buffers[one]?.outbox.map(\.id) == ["a", "b"])
    }

    @Test func clicksSelectThenOpen() {
        var state = Fixtures.state(conversations: conversations)
        let second = state.layout.listEntries.y + 2
        #expect(state.update(.key(.click(x: 5, y: second))).isEmpty)
        #expect(state.list.selection == Fixtures.id(2))
        #expect(state.update(.key(.click(x: 5, y: second))).contains(.loadHistory(Fixtures.id(2), before: nil, limit: 50)))
        #expect(state.update(.key(.control("l"))) == [.redraw])
    }
}
