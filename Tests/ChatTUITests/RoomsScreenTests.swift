import ChatClientKit
import ChatTUI
import Foundation
import TerminalText
import Testing

/// chat-tui on a server with one socket per user and no conversation API (`rooms`):
/// assignments, the queue, joining a room, quick replies, unconfirmed messages and the
/// local record.
@Suite struct RoomsScreenTests {
    static let settings = AppSettings(refreshInterval: .infinity, historyIsLocal: true, capabilities: .socketOnly)
    static let room: ConversationID = "conv_123"

    func state() -> AppState {
        Fixtures.state(conversations: [], settings: Self.settings)
    }

    func transcriptText(_ state: AppState) -> String {
        Fixtures.lines(state).joined(separator: "\n")
    }

    @Test func anAssignmentPutsTheRoomAtTheTopWithTheClientsNameAndRings() {
        var state = state()
        let effects = state.update(.user(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João"))))
        #expect(effects.contains(.bell))
        #expect(effects.contains(.openSession(Self.room, customerID: nil)), "its session starts at once")
        #expect(state.list.ids.first == Self.room)
        #expect(state.list.total == 1)
        let lines = Fixtures.lines(state)
        #expect(lines[1].contains("João"))
        #expect(lines[39].contains("assigned to you: João (conv_123)"))
        let again = state.update(.user(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João"))))
        #expect(!again.contains(.openSession(Self.room, customerID: nil)))
        #expect(state.list.total == 1, "assigned twice, listed once")
    }

    @Test func theQueueIsCountedInTheListsTitleAndTheUserSocketInTheStatusBar() {
        var state = state()
        _ = state.update(.user(.notice(.queue(size: 3, newConversation: "conv_9"))))
        #expect(Fixtures.lines(state)[0].contains("Conversations (0) · queue 3"))
        _ = state.update(.user(.connection(.reconnecting(attempt: 2, retryAt: 104))))
        #expect(Fixtures.lines(state)[39].hasPrefix(" ◌ reconnecting in 4 s (attempt 2)"))
    }

    @Test func nJoinsARoomByIdAndTheKeysThisServerCannotServeSaySo() {
        var state = state()
        _ = state.update(.key(.character("n")))
        for character in "conv_7" { _ = state.update(.key(.character(character))) }
        #expect(Fixtures.lines(state).joined().contains("Join a room"))
        let effects = state.update(.key(.enter))
        #expect(effects.contains(.openSession("conv_7", customerID: nil)))
        #expect(state.openID == "conv_7")
        _ = state.update(.key(.escape))
        #expect(state.update(.key(.character("c"))).isEmpty)
        #expect(Fixtures.lines(state)[39].contains("cannot close or reopen conversations"))
        #expect(state.update(.key(.character("f"))).isEmpty)
        #expect(Fixtures.lines(state)[39].contains("cannot filter conversations"))
        #expect(Fixtures.lines(state).contains { $0.contains("n join a room by id") })
    }

    @Test func aBotsQuickRepliesAreOfferedAndAltDigitPutsOneInTheInput() {
        var state = state()
        _ = state.update(.user(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João"))))
        _ = state.update(.key(.enter))
        _ = state.update(.historyLoaded(Self.room, before: nil, limit: 50, .success([])))
        let bot = Message(
            id: "msg_2", conversationID: Self.room, sender: .system, content: "Olá! Sou a assistente virtual",
            metadata: ["bot": true, "quick_replies": ["Ver minha conta", "Falar com atendente"]],
            timestamp: Fixtures.at(14, 2), createdAt: Fixtures.at(14, 2))
        _ = state.update(.session(Self.room, .messages([bot])))
        let text = transcriptText(state)
        #expect(text.contains("14:02 bot     Olá! Sou a assistente virtual"))
        #expect(text.contains("Alt+1 Ver minha conta · Alt+2 Falar com atendente"))
        let effects = state.update(.key(.alt("2")))
        #expect(effects == [.typed(Self.room)])
        #expect(state.buffers[Self.room]?.draft.text == "Falar com atendente")
        _ = state.update(.key(.alt("9")))
        #expect(state.buffers[Self.room]?.draft.text == "Falar com atendente", "no ninth reply: nothing changes")
    }

    @Test func anUnconfirmedMessageIsMarkedAndOffersResendOrDrop() {
        var state = state()
        _ = state.update(.user(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João"))))
        _ = state.update(.key(.enter))
        _ = state.update(.historyLoaded(Self.room, before: nil, limit: 50, .success([])))
        let lost = OutboxEntry(id: "c-1", conversationID: Self.room, content: "did it arrive?", createdAt: Fixtures.at(14, 3), attempts: 1, state: .unconfirmed)
        _ = state.update(.queued(lost))
        _ = state.update(.session(Self.room, .outbox([lost])))
        let text = transcriptText(state)
        #expect(text.contains("14:03 you     did it arrive? ?"))
        #expect(text.contains("may or may not have arrived"))
        #expect(text.contains("r resend · x drop"))
        #expect(Fixtures.lines(state)[39].contains("outbox 1 (1 unconfirmed)"))
        _ = state.update(.key(.escape))
        #expect(state.update(.key(.character("r"))) == [.retry(Self.room, clientIDs: ["c-1"])])
        #expect(state.update(.key(.character("x"))) == [.discard(Self.room, clientIDs: ["c-1"])])
    }

    @Test func theLocalRecordSaysWhereItStarts() {
        var state = state()
        _ = state.update(.user(.notice(.assigned(Self.room, agent: "agent_1", clientName: "João"))))
        _ = state.update(.key(.enter))
        let earlier = Message(
            id: "msg_1", conversationID: Self.room, sender: .client, content: "oi", timestamp: Fixtures.at(13, 0),
            createdAt: Fixtures.at(13, 0))
        _ = state.update(.historyLoaded(Self.room, before: nil, limit: 50, .success([earlier])))
        #expect(transcriptText(state).contains("the local record starts here: this server keeps no history"))
    }

    @Test func theRecordedListShowsWhatTheRecordKnowsAndNothingMore() {
        let newest = Message(
            id: "m", conversationID: Self.room, sender: .client, content: "oi", timestamp: Fixtures.at(12, 0),
            createdAt: Fixtures.at(12, 0))
        let listing = ConversationListing.recorded([newest])
        #expect(listing.items.map(\.id) == [Self.room])
        #expect(listing.items.first?.channel == nil)
        #expect(listing.items.first?.priority == nil)
        #expect(listing.items.first?.lastUpdate == Fixtures.at(12, 0))
        #expect(!listing.hasNext)
    }
}
