import Foundation
import ChatClientKit
import ChatTUI
import Testing

/// Rows of the conversation list.
@Suite struct ListRenderingTests {
    private func screen(_ conversations: [Conversation], width: Int = 120) -> ScreenBuffer {
        Fixtures.render(Fixtures.state(width: width, height: 40, conversations: conversations)).buffer
    }

    @Test func unreadConversationsAreHighlighted() throws {
        let buffer = screen([
            Fixtures.conversation(1, summary: "Printer on fire", unread: 3),
            Fixtures.conversation(2, summary: "Refund request", unread: 0, lastUpdate: Fixtures.at(13, 0)),
        ])
        let unread = try #require(buffer.find("Printer on fire"))
        let read = try #require(buffer.find("Refund request"))
        #expect(buffer[unread.x - 2, unread.y].character == "●")
        #expect(buffer[read.x - 2, read.y].character == "○")
        #expect(buffer[unread.x, unread.y].style.bold)
        #expect(buffer[unread.x, unread.y].style.foreground == Theme.color.unread.foreground)
        #expect(!buffer[read.x, read.y].style.bold)
        #expect(buffer.lines()[unread.y].contains("3 Low│"))
        #expect(!buffer.lines()[read.y].contains("0 Low"))
    }

    @Test("priority is named and styled", arguments: [
        (Conversation.Priority.high, "High", Theme.color.high), (.medium, "Med", Theme.color.medium), (.low, "Low", Theme.color.low),
    ])
    func priority(_ priority: Conversation.Priority, _ word: String, _ style: Style) throws {
        let buffer = screen([Fixtures.conversation(1, summary: "x", priority: priority)])
        let position = try #require(buffer.find(word + "│"))
        #expect(position.y == 1)
        #expect(buffer[position.x, position.y].style.adding(Theme.color.selection) == Theme.color.selection.adding(style))
    }

    @Test("the time says today, this week, this year or the year", arguments: [
        (Fixtures.at(9, 7), "09:07"), (Fixtures.at(9, 7, daysAgo: 2), "Sun"), (Fixtures.at(9, 7, daysAgo: 30), "19 Oct"),
        (Fixtures.at(9, 7, daysAgo: 400), "2024"),
    ])
    func time(_ date: Date, _ text: String) {
        let lines = screen([Fixtures.conversation(1, summary: "x", lastUpdate: date)]).lines()
        #expect(lines[2].hasSuffix(" \(text)│" + lines[2].split(separator: "│", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "│")))
    }

    @Test func theSecondRowShowsStatusAndTheLastMessage() {
        var state = Fixtures.state(conversations: [
            Fixtures.conversation(1, summary: "Printer", status: .pending),
            Fixtures.conversation(2, summary: "Other", channel: .email, lastUpdate: Fixtures.at(13, 0)),
        ])
        _ = state.update(.previewLoaded(Fixtures.id(1), .success(Fixtures.message(1, .client, "it is\nsmoking \u{1B}[31m"))))
        let lines = Fixtures.lines(state)
        #expect(lines[2].contains("    pending · it is smoking ␛[31m"))
        #expect(lines[4].contains("    email "))
    }

    @Test func theSelectionIsMarkedAndReversedWhileTheListHasFocus() throws {
        var state = Fixtures.state(conversations: [
            Fixtures.conversation(1, summary: "First"), Fixtures.conversation(2, summary: "Second", lastUpdate: Fixtures.at(13, 0)),
        ])
        _ = state.update(.key(.down))
        let buffer = Fixtures.render(state).buffer
        let second = try #require(buffer.find("Second"))
        #expect(buffer[1, second.y].character == ">")
        #expect(buffer[second.x, second.y].style.reverse)
        #expect(buffer[5, second.y + 1].style.reverse)
        #expect(buffer[1, 1].character == " ")
        #expect(!buffer[5, 1].style.reverse)
    }

    @Test func longListsScrollWithTheSelectionAndAskForTheNextPage() {
        let conversations = (1...30).map {
            Fixtures.conversation($0, summary: "Conversation \($0)", lastUpdate: Fixtures.at(14, 0).addingTimeInterval(Double(-$0 * 60)))
        }
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 80, height: 24)
        guard case .loadList(let request)? = state.start().first else { Issue.record("no list load"); return }
        _ = state.update(.listLoaded(request, .success(ConversationListing(items: conversations, total: 75, hasNext: true))))
        var effects: [Effect] = []
        for _ in 0..<27 { effects += state.update(.key(.character("j"))) }
        #expect(state.list.selection == Fixtures.id(28))
        let more = effects.compactMap { effect -> ListRequest? in if case .loadList(let next) = effect { next } else { nil } }
        #expect(more.map(\.firstPage) == [2])
        let lines = Fixtures.lines(state)
        #expect(lines.contains { $0.contains("> ○ Conversation 28") })
        #expect(!lines.contains { $0.contains("Conversation 1 ") })
        #expect(lines[21].contains("loading more…"))
        #expect(lines[0].hasPrefix("┌ Conversations (75) "))
    }

    @Test func emptyAndFailedListsSaySo() {
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 80, height: 24)
        guard case .loadList(let request)? = state.start().first else { Issue.record("no list load"); return }
        #expect(Fixtures.lines(state).joined().contains("Loading conversations…"))
        _ = state.update(.listLoaded(request, .failure(.network("cannot connect to 127.0.0.1:9"))))
        let text = Fixtures.lines(state).joined(separator: "\n")
        #expect(text.contains("Cannot load"))
        #expect(text.contains("○ offline — press R"))
        let empty = Fixtures.state(width: 80, height: 24)
        let emptyLines = Fixtures.lines(empty)
        #expect(emptyLines[2].contains("│ No conversations yet.    │"))
        #expect(emptyLines[3].contains("│ Press n to start one.    │"))
    }
}
