import ChatClientKit
import ChatTUI
import Foundation
import Testing
import TestSupport

/// A list longer than the window: pages leave it at the far end and come back on demand,
/// so memory stays bounded and every conversation stays reachable.
@Suite(.live) struct ListWindowTests {
    static let total = 30_000

    /// The server's list: conversation n is at position n, newest first.
    static func answer(_ request: ListRequest) -> ConversationListing {
        let first = (request.firstPage - 1) * request.pageSize + 1
        let last = min(first + request.pageCount * request.pageSize - 1, total)
        let items = first > last ? [] : (first...last).map {
            Fixtures.conversation($0, summary: "Conversation \($0)", lastUpdate: Fixtures.at(14, 0).addingTimeInterval(Double(-$0)))
        }
        return ConversationListing(items: items, total: total, hasNext: last < total)
    }

    /// Applies `effects`, answering every list load, until none is left.
    static func settle(_ state: inout AppState, _ effects: [Effect]) {
        var pending = effects
        while let effect = pending.popLast() {
            if case .loadList(let request) = effect { pending += state.update(.listLoaded(request, .success(answer(request)))) }
        }
    }

    static func press(_ key: Key, times: Int, on state: inout AppState) {
        for _ in 0..<times { settle(&state, state.update(.key(key))) }
    }

    static func started() -> AppState {
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 80, height: 24)
        settle(&state, state.start())
        return state
    }

    @Test func scrollingPastTheWindowDropsTheFarPagesAndScrollingBackReloadsThem() async {
        // Over five thousand keys: seconds of work, kept off the threads other tests share.
        let (down, up) = await onItsOwnThread {
            var state = Self.started()
            Self.press(.down, times: 2_599, on: &state)
            let down = state
            Self.press(.up, times: 2_599, on: &state)
            return (down, state)
        }
        var state = down
        #expect(state.list.selection == Fixtures.id(2_600))
        #expect(state.list.ids.count <= ConversationList.keptConversations)
        #expect(state.list.canLoadEarlier)
        #expect(!state.list.ids.contains(Fixtures.id(1)))
        #expect(Fixtures.lines(state).contains { $0.contains("│651–2650 of 30000") })

        state = up
        #expect(state.list.selection == Fixtures.id(1))
        #expect(!state.list.canLoadEarlier)
        #expect(state.list.ids.count <= ConversationList.keptConversations)
        #expect(!Fixtures.lines(state).contains { $0.contains(" of 30000") })
    }

    @Test func endAndHomeReachTheWholeListsEnds() {
        var state = Self.started()
        Self.press(.character("G"), times: 1, on: &state)
        #expect(state.list.selection == Fixtures.id(30_000))
        #expect(Fixtures.lines(state).contains { $0.contains("> ○ Conversation 30000") })
        #expect(Fixtures.lines(state).contains { $0.contains("│29951–30000 of 30000") })
        Self.press(.character("g"), times: 1, on: &state)
        #expect(state.list.selection == Fixtures.id(1))
        #expect(Fixtures.lines(state).contains { $0.contains("> ○ Conversation 1 ") })
    }

    /// Enter pressed while `G`'s page is on its way opens the conversation `G` lands on.
    @Test func enterRightAfterAJumpOpensWhereItLands() throws {
        var state = Self.started()
        let jump = state.update(.key(.character("G")))
        let request = try #require(jump.compactMap { if case .loadList(let request) = $0 { request } else { nil } }.first)
        #expect(state.update(.key(.enter)).isEmpty, "nothing opens before the page arrives")
        #expect(state.openID == nil)
        Self.settle(&state, state.update(.listLoaded(request, .success(Self.answer(request)))))
        #expect(state.openID == Fixtures.id(30_000))
    }
}
