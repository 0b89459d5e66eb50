import ChatClientKit
import ChatTUI
import TerminalText
import Testing

/// The whole screen at several sizes.
@Suite struct LayoutRenderingTests {
    private let conversations = [
        Fixtures.conversation(1, summary: "Printer on fire", priority: .high, unread: 2, lastUpdate: Fixtures.at(14, 2)),
        Fixtures.conversation(2, summary: "Refund request", priority: .low, lastUpdate: Fixtures.at(13, 40)),
    ]

    @Test("the panes fill the screen", arguments: [(120, 40), (80, 24), (60, 15)])
    func panesFillTheScreen(_ width: Int, _ height: Int) {
        let state = Fixtures.state(width: width, height: height, conversations: conversations)
        let lines = Fixtures.lines(state)
        let layout = Layout(width: width, height: height)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { $0.displayWidth == width })
        #expect(lines[0].hasPrefix("┌ Conversations (2) "))
        #expect(lines[0].dropFirst(layout.list.width).hasPrefix("┌ Chat "))
        #expect(lines[height - 2].hasPrefix("└") && lines[height - 2].hasSuffix("┘"))
        #expect(lines[height - 1].hasPrefix(" ● connected · 2 convs · outbox 0"))
        #expect(lines[1].contains(width >= 80 ? "Printer on fire" : "Printer on fi…"))
        #expect(lines[1].contains(width >= 120 ? "2 High│" : "2 H│"))
        #expect(lines[3].contains("Refund request"))
        #expect(lines[layout.separatorRow].dropFirst(layout.list.width).hasPrefix("├─"))
        #expect(lines[layout.separatorRow].hasSuffix("─┤"))
        #expect(lines[layout.listFooter.y].contains(width >= 120 ? "/ search · f status · p priority" : "/ search · f · p"))
    }

    @Test("the list pane takes about a third of the width", arguments: [(60, 24), (80, 28), (120, 42), (200, 44)])
    func listWidth(_ width: Int, _ listWidth: Int) {
        #expect(Layout(width: width, height: 24).list.width == listWidth)
    }

    @Test("below 60×15 the screen says it is too small", arguments: [(59, 14), (59, 15), (60, 14), (20, 5)])
    func tooSmall(_ width: Int, _ height: Int) {
        let lines = Fixtures.lines(Fixtures.state(width: width, height: height, conversations: conversations))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Terminal too small"))
        #expect(!text.contains("┌"))
        if width >= 40 {
            #expect(text.contains("\(width)×\(height); chat-tui needs 60×15"))
        }
    }

    @Test func resizingRedrawsAtTheNewSize() {
        var state = Fixtures.state(width: 120, height: 40, conversations: conversations)
        _ = state.update(.resize(width: 59, height: 14))
        #expect(Fixtures.lines(state).joined().contains("Terminal too small"))
        _ = state.update(.resize(width: 80, height: 24))
        let lines = Fixtures.lines(state)
        #expect(lines.count == 24 && lines[0].displayWidth == 80)
        #expect(lines[0].hasPrefix("┌ Conversations (2) "))
    }

    @Test func theInputGrowsWithAMultiLineDraftUpToFiveRows() {
        var state = Fixtures.opened(Fixtures.state(conversations: conversations), 1, messages: [])
        let oneRow = state.layout
        for line in ["one", "two", "three", "four", "five", "six", "seven"] {
            for character in line { _ = state.update(.key(.character(character))) }
            _ = state.update(.key(.altEnter))
        }
        let grown = state.layout
        #expect(oneRow.input.height == 1)
        #expect(grown.input.height == Layout.maxInputRows)
        #expect(grown.messages.height == oneRow.messages.height - 4)
        let (buffer, cursor) = Fixtures.render(state)
        #expect(cursor == CursorPosition(x: grown.input.x + 2, y: grown.input.maxY - 1))
        #expect(buffer.lines()[grown.input.maxY - 2].contains("seven"))
    }

    @Test func aScreenLikeTheIssueMock() {
        var state = Fixtures.state(width: 88, height: 15, conversations: conversations)
        state = Fixtures.opened(state, 1, messages: [
            Fixtures.message(1, .client, "My printer is on fire", at: Fixtures.at(14, 1)),
            Fixtures.message(2, .admin, "Please step away from it", at: Fixtures.at(14, 2)),
            Fixtures.message(3, .client, "ok", at: Fixtures.at(14, 2)),
        ])
        _ = state.update(.session(Fixtures.id(1), .typing([Fixtures.customer(1001)])))
        let lines = Fixtures.lines(state)
        #expect(lines[0].contains("┌ Printer on fire · whatsapp · High · active ─"))
        #expect(lines.contains { $0.contains("── Tue 18 Nov ──") })
        #expect(lines.contains { $0.contains("│ 14:01 client  My printer is on fire ") })
        #expect(lines.contains { $0.contains("│ 14:02 agent   Please step away from it ✓ ") })
        #expect(lines.contains { $0.contains("│ 14:02 client  ok ") })
        #expect(lines.contains { $0.contains("│ customer is typing… ") })
        #expect(lines.contains { $0.contains("│ > type here (Enter sends, Alt+Enter newline)") })
        #expect(lines[14].hasPrefix(" ● connected · 2 convs · outbox 0"))
    }
}
