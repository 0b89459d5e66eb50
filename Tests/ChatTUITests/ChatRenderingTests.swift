import ChatClientKit
import ChatTUI
import Foundation
import TerminalText
import Testing

/// The chat pane: transcript, marks, markers, wrapping, sanitizing, typing and input.
@Suite struct ChatRenderingTests {
    private let conversation = Fixtures.conversation(1, summary: "Printer on fire", priority: .high, unread: 1)

    private func opened(_ messages: [Message], width: Int = 120, height: Int = 40, unread: Int = 0) -> AppState {
        var conversation = conversation
        conversation.unreadCount = unread
        return Fixtures.opened(Fixtures.state(width: width, height: height, conversations: [conversation]), 1, messages: messages)
    }

    /// The transcript rows as text, right-trimmed, without the pane's borders.
    private func transcript(_ state: AppState) -> [String] {
        let layout = state.layout
        let buffer = Fixtures.render(state).buffer
        return (layout.messages.y..<layout.messages.maxY).map { y in
            var row = ""
            for x in layout.messages.x..<layout.messages.maxX where !buffer[x, y].isContinuation {
                row.append(buffer[x, y].character)
            }
            while row.hasSuffix(" ") { row.removeLast() }
            return row
        }
    }

    @Test func daySeparatorsTimesAndSenderLabels() {
        let state = opened([
            Fixtures.message(1, .client, "Hello?", at: Fixtures.at(23, 50, daysAgo: 1)),
            Fixtures.message(2, .system, "Ticket escalated", at: Fixtures.at(9, 0)),
            Fixtures.message(3, .admin, "On it", at: Fixtures.at(9, 5)),
        ])
        let rows = transcript(state).filter { !$0.isEmpty }
        #expect(rows.count == 6)
        #expect(rows[0].trimmingCharacters(in: .whitespaces) == "beginning of the conversation")
        #expect(rows[1].trimmingCharacters(in: .whitespaces) == "── Mon 17 Nov ──")
        #expect(rows[2] == "23:50 client  Hello?")
        #expect(rows[3].trimmingCharacters(in: .whitespaces) == "── Tue 18 Nov ──")
        #expect(rows[4] == "09:00 system  Ticket escalated")
        #expect(rows[5] == "09:05 agent   On it ✓")
    }

    @Test func theAgentsOwnMessagesShowSentPendingAndFailed() {
        var state = opened([Fixtures.message(1, .admin, "stored", at: Fixtures.at(14, 0), clientID: "c-1")])
        let id = Fixtures.id(1)
        let sent = OutboxEntry(id: "c-1", conversationID: id, content: "stored", createdAt: Fixtures.at(14, 0))
        let pending = OutboxEntry(id: "c-2", conversationID: id, content: "on its way", createdAt: Fixtures.at(14, 3))
        let failed = OutboxEntry(
            id: "c-3", conversationID: id, content: "refused", createdAt: Fixtures.at(14, 4),
            state: .failed("Cannot send message to closed conversation"))
        for entry in [sent, pending, failed] { _ = state.update(.queued(entry)) }
        _ = state.update(.session(id, .outbox([sent, pending, failed])))
        let rows = transcript(state).filter { !$0.isEmpty }
        #expect(rows.contains("14:00 you     stored ✓"))
        #expect(rows.contains("14:03 you     on its way …"))
        #expect(rows.contains("14:04 you     refused ✗"))
        #expect(rows.contains { $0.hasPrefix("              not sent: Cannot send message to closed conversation") })
        #expect(rows.contains("              r retries, x discards (from the list)"))
        #expect(rows.filter { $0.contains("stored") }.count == 1)
        let status = Fixtures.lines(state)[39]
        #expect(status.contains("outbox 3 (1 failed)"))
    }

    @Test func messagesSentFromThisClientInAnEarlierRunAreTheUsers() {
        var state = opened([
            Fixtures.message(1, .admin, "sent yesterday from here", at: Fixtures.at(13, 0), clientID: "c-old"),
            Fixtures.message(2, .admin, "sent by a colleague", at: Fixtures.at(13, 1), clientID: "c-other"),
        ])
        _ = state.update(.session(Fixtures.id(1), .sentBefore(["c-old"])))
        let rows = transcript(state).filter { !$0.isEmpty }
        #expect(rows.contains("13:00 you     sent yesterday from here ✓"))
        #expect(rows.contains("13:01 agent   sent by a colleague ✓"))
    }

    @Test func anOutageShowsOneLineWhereItBegan() {
        var state = opened([
            Fixtures.message(1, .client, "before", at: Fixtures.at(13, 0)),
            Fixtures.message(2, .client, "while offline", at: Fixtures.at(13, 5)),
        ])
        let recovery = Recovery(offlineSeconds: 47, receivedMeanwhile: 1, sentFromOutbox: 2, lastSeenBefore: Fixtures.message(1, .client, "").id)
        _ = state.update(.session(Fixtures.id(1), .recovered(recovery)))
        let rows = transcript(state).filter { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
        let line = rows.firstIndex(of: "── offline 47 s · 1 received meanwhile · 2 sent from the outbox ──")
        #expect(line.map { rows[$0 - 1] } == "13:00 client  before")
        #expect(line.map { rows[$0 + 1] } == "13:05 client  while offline")
        #expect(Fixtures.lines(state)[39].contains("offline 47 s"), "and in the status bar")
    }

    @Test func firstUnreadMarkerSitsBeforeTheOldestUnreadCustomerMessage() {
        let state = opened([
            Fixtures.message(1, .client, "old", at: Fixtures.at(13, 0), read: true),
            Fixtures.message(2, .admin, "mine", at: Fixtures.at(13, 1), read: false),
            Fixtures.message(3, .client, "new one", at: Fixtures.at(13, 2), read: false),
            Fixtures.message(4, .client, "new two", at: Fixtures.at(13, 3), read: false),
        ], unread: 2)
        let rows = transcript(state).filter { !$0.isEmpty }
        let marker = rows.firstIndex { $0.contains("── new messages ──") }
        #expect(marker != nil)
        #expect(marker.map { rows[$0 + 1] } == "13:02 client  new one")
        #expect(rows.filter { $0.contains("new messages") }.count == 1)
    }

    @Test func scrolledUpTheViewStaysAndCountsNewMessages() {
        let messages = (1...60).map { Fixtures.message($0, .client, "message \($0)", at: Fixtures.at(10, $0 % 60)) }
        var state = opened(messages, width: 80, height: 24)
        _ = state.update(.key(.pageUp))
        let before = transcript(state)
        #expect(!before.contains { $0.contains("message 60") })
        _ = state.update(.session(Fixtures.id(1), .messages([
            Fixtures.message(61, .client, "fresh", at: Fixtures.at(14, 4)), Fixtures.message(62, .client, "fresher", at: Fixtures.at(14, 5)),
        ])))
        let after = transcript(state)
        #expect(Array(after.dropLast()) == Array(before.dropLast()))
        #expect(after.last?.hasSuffix("↓ 2 new — PgDn") == true)
        _ = state.update(.key(.pageDown))
        _ = state.update(.key(.pageDown))
        let bottom = transcript(state).filter { !$0.isEmpty }
        #expect(bottom.last == "14:05 client  fresher")
        #expect(!bottom.contains { $0.contains("new — PgDn") })
    }

    @Test func newMessagesFollowTheBottomWhenNotScrolled() {
        var state = opened((1...40).map { Fixtures.message($0, .client, "message \($0)", at: Fixtures.at(10, $0)) }, width: 80, height: 24)
        _ = state.update(.session(Fixtures.id(1), .messages([Fixtures.message(99, .client, "latest", at: Fixtures.at(14, 4))])))
        #expect(transcript(state).last == "14:04 client  latest")
    }

    @Test func wideCharactersWrapWithoutSplittingClusters() {
        let text = "東京都渋谷区神南一丁目二番三号の配送先に変更お願いします👨‍👩‍👧🇧🇷👍🏽 ok"
        let state = opened([Fixtures.message(1, .client, text, at: Fixtures.at(14, 0))], width: 60, height: 15)
        let layout = state.layout
        let rows = transcript(state).filter { !$0.isEmpty && !$0.contains("──") && !$0.contains("beginning") }
        let textWidth = layout.messages.width - 14
        #expect(rows.count > 1)
        #expect(rows.allSatisfy { $0.displayWidth <= layout.messages.width })
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 14)) })
        let joined = rows.map { $0.dropFirst(14) }.joined()
        #expect(joined.replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""))
        #expect(rows.allSatisfy { $0.dropFirst(14).displayWidth <= textWidth })
    }

    @Test("a hostile message is shown visibly and no control character reaches a cell")
    func hostileMessage() {
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}P+q\u{1B}\\\u{9B}31m\u{202E}evil\u{202C}\r\u{08}\u{7F}\0end"
        var state = opened([Fixtures.message(1, .client, hostile, at: Fixtures.at(14, 0))])
        _ = state.update(.previewLoaded(Fixtures.id(1), .success(Fixtures.message(1, .client, hostile))))
        _ = state.update(.session(Fixtures.id(1), .typing([hostile])))
        let buffer = Fixtures.render(state).buffer
        for cell in buffer.allCells {
            for scalar in cell.character.unicodeScalars {
                let value = scalar.value
                let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
                let isBidi = [0x061C, 0x200E, 0x200F].contains(value) || (0x202A...0x202E).contains(value)
                    || (0x2066...0x2069).contains(value)
                #expect(!isControl || cell.isContinuation, "control U+\(String(value, radix: 16)) in a cell")
                #expect(!isBidi)
            }
        }
        let text = buffer.lines().joined(separator: "\n")
        #expect(text.contains("␛[2J␛]0;pwned␇␛P+q␛\\<U+009B>31m<U+202E>evil<U+202C>␍␈␡␀end"))
    }

    @Test func aClosedConversationDisablesTheInput() {
        var conversation = conversation
        conversation.status = .closed
        var state = Fixtures.state(conversations: [conversation])
        _ = state.update(.key(.enter))
        #expect(state.focus == .list)
        let lines = Fixtures.lines(state)
        #expect(lines[0].contains("· closed ─"))
        #expect(lines.contains { $0.contains("│ ✗ closed — press o to reopen") })
        _ = state.update(.key(.tab))
        #expect(state.focus == .input)
        #expect(state.update(.key(.character("x"))).isEmpty)
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(Fixtures.lines(state).contains { $0.contains("│ ✗ closed — press Esc, then o to reopen") })
        #expect(Fixtures.render(state).cursor == nil)
    }

    @Test func typingIndicatorNamesTheCustomerAndOthers() {
        var state = opened([])
        let customer = Fixtures.customer(1001)
        _ = state.update(.session(Fixtures.id(1), .typing([customer, "agent-2"])))
        let layout = state.layout
        let line = Fixtures.lines(state)[layout.typing.y]
        #expect(line.contains("│ customer and agent-2 are typing… "))
        _ = state.update(.session(Fixtures.id(1), .typing([])))
        #expect(!Fixtures.lines(state)[layout.typing.y].contains("typing"))
    }

    @Test func theCursorFollowsWideCharactersInTheInput() {
        var state = opened([])
        for character in "日本a" { _ = state.update(.key(.character(character))) }
        let layout = state.layout
        let (buffer, cursor) = Fixtures.render(state)
        #expect(cursor == CursorPosition(x: layout.input.x + 2 + 5, y: layout.input.y))
        #expect(buffer.lines()[layout.input.y].contains("> 日本a"))
    }

    @Test func monochromeUsesNoColor() {
        var state = opened([
            Fixtures.message(1, .client, "hi", at: Fixtures.at(14, 0), read: false),
            Fixtures.message(2, .admin, "yo", at: Fixtures.at(14, 1)),
        ], unread: 1)
        _ = state.update(.session(Fixtures.id(1), .state(.waitingForUser(retryAt: 200))))
        let buffer = Fixtures.render(state, theme: .monochrome).buffer
        #expect(buffer.allCells.allSatisfy { $0.style.foreground == nil && $0.style.background == nil })
        #expect(buffer.allCells.contains { $0.style.bold })
    }
}
