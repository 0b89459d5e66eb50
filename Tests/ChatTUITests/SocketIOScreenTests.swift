import ChatClientKit
import ChatTUI
import Foundation
import Testing

/// chat-tui on a `socketio` server: a one-page list kept fresh by `conversation_update`
/// events, notifications in the status bar, and keys for what the server cannot do.
@Suite struct SocketIOScreenTests {
    static let settings = AppSettings(capabilities: SocketIODialect().capabilities)

    func state() -> AppState {
        Fixtures.state(conversations: [Fixtures.conversation(1, summary: "Ana"), Fixtures.conversation(2, summary: "Bruno")], settings: Self.settings)
    }

    @Test func anUpdateMovesTheConversationUpCountsItsUnreadAndRings() {
        var state = state()
        var update = Fixtures.conversation(2, summary: "Bruno", unread: 1, lastUpdate: Fixtures.at(15, 0))
        let effects = state.update(.user(.notice(.conversationUpdated(update))))
        #expect(state.list.ids.first == Fixtures.id(2))
        #expect(state.conversations[Fixtures.id(2)]?.unreadCount == 1)
        #expect(effects.contains(.bell))
        #expect(effects.contains(.loadPreview(Fixtures.id(2))))

        update.status = .closed
        #expect(!state.update(.user(.notice(.conversationUpdated(update)))).contains(.bell), "no new unread, no bell")
        #expect(state.conversations[Fixtures.id(2)]?.status == .closed)
    }

    @Test func anUpdateForAConversationNotListedYetAddsIt() {
        var state = state()
        _ = state.update(.user(.notice(.conversationUpdated(Fixtures.conversation(3, summary: "Carla", lastUpdate: Fixtures.at(16, 0))))))
        #expect(state.list.ids == [Fixtures.id(3), Fixtures.id(1), Fixtures.id(2)])
        #expect(state.list.total == 3)
    }

    @Test func theOpenConversationsUpdateIsReadAtOnce() {
        var state = Fixtures.opened(state(), 1, messages: [])
        let effects = state.update(.user(.notice(.conversationUpdated(Fixtures.conversation(1, summary: "Ana", unread: 2)))))
        #expect(state.conversations[Fixtures.id(1)]?.unreadCount == 0)
        #expect(effects.contains(.markRead(Fixtures.id(1))))
        #expect(!effects.contains(.bell))
    }

    @Test func aNotificationShowsInTheStatusBarSafelyAndRings() {
        var state = state()
        let effects = state.update(.user(.notice(.notification(title: "SLA", message: "Ana \u{1B}[2J espera", level: "warning"))))
        #expect(effects == [.bell])
        #expect(Fixtures.lines(state)[39].contains("SLA: Ana ␛[2J espera"))
    }

    @Test func keysForWhatTheServerCannotDoSaySo() {
        var state = state()
        #expect(state.update(.key(.character("n"))).isEmpty)
        #expect(state.overlay == nil)
        #expect(Fixtures.lines(state)[39].contains("conversations on this server start with the customer"))
        #expect(state.update(.key(.character("f"))).isEmpty)
        #expect(Fixtures.lines(state)[39].contains("cannot filter conversations"))
        #expect(Fixtures.lines(state).contains { $0.contains("c close · o reopen · R refresh") })
        #expect(state.update(.key(.character("c"))) == [.setStatus(Fixtures.id(1), .closed)])
    }
}
