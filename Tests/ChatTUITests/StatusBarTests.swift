import ChatClientKit
import ChatTUI
import Testing

/// The status bar's connection states, counts, hints and notices.
@Suite struct StatusBarTests {
    private func statusLine(_ connection: ConnectionState, monotonic: Double = 100) -> String {
        var state = Fixtures.opened(
            Fixtures.state(conversations: [Fixtures.conversation(1, summary: "x")]), 1, messages: [], connection: connection)
        _ = state.update(.tick(Fixtures.instant(monotonic)))
        return Fixtures.lines(state)[39]
    }

    @Test("each connection state reads as a sentence", arguments: [
        (ConnectionState.connected, " ● connected · 1 conv · outbox 0"),
        (.connecting(attempt: 0), " ◌ connecting… · 1 conv"),
        (.connecting(attempt: 3), " ◌ connecting… (attempt 3) · 1 conv"),
        (.reconnecting(attempt: 2, retryAt: 103.2), " ◌ reconnecting in 4 s (attempt 2) · 1 conv"),
        (.reconnecting(attempt: 5, retryAt: 99), " ◌ reconnecting in 0 s (attempt 5) · 1 conv"),
        (.waitingForUser(retryAt: 130), " ○ offline — press Ctrl-R · 1 conv"),
        (.authFailed(reason: "Unauthorized"), " ✗ authentication failed — check the token · 1 conv"),
        (.closed(.conversationNotFound), " ✗ conversation not found · 1 conv"),
    ])
    func connectionStates(_ connection: ConnectionState, _ prefix: String) {
        #expect(statusLine(connection).hasPrefix(prefix))
    }

    @Test func offlineNamesTheReconnectKeyOfTheFocusedPane() {
        var state = Fixtures.opened(
            Fixtures.state(conversations: [Fixtures.conversation(1, summary: "x")]), 1, messages: [],
            connection: .waitingForUser(retryAt: 130))
        #expect(Fixtures.lines(state)[39].hasPrefix(" ○ offline — press Ctrl-R"))
        _ = state.update(.key(.escape))
        #expect(Fixtures.lines(state)[39].hasPrefix(" ○ offline — press R · 1 conv · outbox 0"))
        let effects = state.update(.key(.control("r")))
        #expect(effects.first == .reconnect([Fixtures.id(1)]))
    }

    @Test func theCountdownFollowsTheClock() {
        #expect(statusLine(.reconnecting(attempt: 1, retryAt: 110), monotonic: 101).contains("reconnecting in 9 s (attempt 1)"))
        #expect(statusLine(.reconnecting(attempt: 1, retryAt: 110), monotonic: 108.5).contains("reconnecting in 2 s (attempt 1)"))
    }

    @Test func withoutAnOpenConversationTheRESTStateShows() {
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 120, height: 40)
        guard case .loadList(let request)? = state.start().first else { Issue.record("no list load"); return }
        #expect(Fixtures.lines(state)[39].hasPrefix(" ◌ connecting… · … convs"))
        _ = state.update(.listLoaded(request, .failure(.unauthorized("token expired"))))
        #expect(Fixtures.lines(state)[39].hasPrefix(" ✗ authentication failed — check the token"))
        _ = state.update(.tick(Fixtures.instant(106)))
        _ = state.update(.listLoaded(request, .failure(.network("connection refused"))))
        #expect(Fixtures.lines(state)[39].hasPrefix(" ○ offline — press R"))
    }

    @Test func theOutboxCountCoversEveryConversation() {
        var state = Fixtures.state(conversations: [
            Fixtures.conversation(1, summary: "one"), Fixtures.conversation(2, summary: "two", lastUpdate: Fixtures.at(13, 0)),
        ])
        _ = state.update(.storedOutbox([
            OutboxEntry(id: "a", conversationID: Fixtures.id(1), content: "a", createdAt: Fixtures.now),
            OutboxEntry(id: "b", conversationID: Fixtures.id(2), content: "b", createdAt: Fixtures.now),
            OutboxEntry(id: "c", conversationID: Fixtures.id(2), content: "c", createdAt: Fixtures.now, state: .failed("no")),
        ]))
        #expect(Fixtures.lines(state)[39].contains(" · 2 convs · outbox 3 (1 failed)"))
    }

    @Test func hintsFollowTheFocusAndNoticesReplaceThem() {
        var state = Fixtures.opened(Fixtures.state(conversations: [Fixtures.conversation(1, summary: "x")]), 1, messages: [])
        #expect(Fixtures.lines(state)[39].hasSuffix("Enter send  Alt+Enter newline  Esc list "))
        _ = state.update(.key(.escape))
        #expect(Fixtures.lines(state)[39].hasSuffix("[?] help  [n] new  [c] close  [q] quit "))
        _ = state.update(.statusChanged(Fixtures.id(1), .failure(.network("server unreachable"))))
        #expect(Fixtures.lines(state)[39].hasSuffix("could not change the status: server unreachable "))
        _ = state.update(.tick(Fixtures.instant(100 + AppSettings().noticeDuration)))
        #expect(Fixtures.lines(state)[39].hasSuffix("[q] quit "))
    }

    @Test func atSixtyColumnsTheHintsShrink() {
        let state = Fixtures.state(width: 60, height: 15, conversations: [Fixtures.conversation(1, summary: "x")])
        let line = Fixtures.lines(state)[14]
        #expect(line.hasPrefix(" ● connected · 1 conv · outbox 0"))
        #expect(line.hasSuffix("[?] help  [q] quit "))
    }
}
