import ChatClientKit
import Foundation
import TerminalText

/// The chat pane: a header with the conversation's name, channel, priority and status; the
/// transcript; who is typing; and the input (or why it is disabled).
enum ChatPane {
    static func draw(_ state: AppState, layout: Layout, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        let focused = state.focus == .input && state.overlay == nil
        let border = focused ? theme.focusedBorder : theme.border
        guard let id = state.openID, let chat = state.buffers[id] else {
            buffer.drawBox(rect: layout.chat, title: "Chat", style: border)
            buffer.drawSeparator(in: layout.chat, y: layout.separatorRow, style: border)
            let middle = layout.messages.y + layout.messages.height / 2
            buffer.putCentered("Select a conversation and press Enter", in: layout.messages, y: middle, style: theme.dim)
            return nil
        }
        let conversation = state.conversations[id]
        buffer.drawBox(rect: layout.chat, title: conversation.map(header) ?? "Conversation", style: border)
        buffer.drawSeparator(in: layout.chat, y: layout.separatorRow, style: border)
        drawTranscript(chat, state: state, in: layout.messages, theme: theme, into: &buffer)
        drawTyping(chat, customer: conversation?.clientID, in: layout.typing, theme: theme, into: &buffer)
        return drawInput(chat, state: state, closed: conversation?.status == .closed, focused: focused, in: layout.input,
                         theme: theme, into: &buffer)
    }

    /// "Pedido #4821 · whatsapp · High · active" (what the server says of it).
    static func header(_ conversation: Conversation) -> String {
        [ListPane.title(of: conversation), conversation.channel?.rawValue, conversation.priority?.rawValue,
         conversation.status.rawValue].compactMap { $0 }.joined(separator: " · ")
    }

    private static func drawTranscript(
        _ chat: ConversationBuffer, state: AppState, in rect: Rect, theme: Theme, into buffer: inout ScreenBuffer
    ) {
        let lines = Transcript(chat, width: rect.width, time: state.time, now: state.now.wall, historyIsLocal: state.settings.historyIsLocal)
            .tail(rows: chat.scrollOffset + rect.height).lines
        let end = max(lines.count - chat.scrollOffset, 0)
        let start = max(end - rect.height, 0)
        for (row, line) in lines[start..<end].enumerated() {
            let x = line.centered ? rect.x + max((rect.width - line.text.displayWidth) / 2, 0) : rect.x
            buffer.put(line.spans, x: x, y: rect.y + row, width: rect.maxX - x, theme: theme)
        }
        guard chat.scrollOffset > 0 else { return }
        let note = chat.unseenBelow > 0
            ? " ↓ \(chat.unseenBelow) new — PgDn " : " ↓ more below — PgDn "
        buffer.putRight(note, maxX: rect.maxX, y: rect.maxY - 1, style: theme.marker)
    }

    private static func drawTyping(
        _ chat: ConversationBuffer, customer: String?, in rect: Rect, theme: Theme, into buffer: inout ScreenBuffer
    ) {
        guard !chat.typing.isEmpty else { return }
        let names = chat.typing.map { user in
            customer.map { user.lowercased() == $0.lowercased() } == true ? "customer" : SafeText(user).text
        }
        let text = names.count == 1
            ? "\(names[0]) is typing…"
            : names.dropLast().joined(separator: ", ") + " and \(names.last!) are typing…"
        buffer.putTruncated(text, x: rect.x, y: rect.y, width: rect.width, style: theme.style(.systemBody))
    }

    private static func drawInput(
        _ chat: ConversationBuffer, state: AppState, closed: Bool, focused: Bool, in rect: Rect, theme: Theme,
        into buffer: inout ScreenBuffer
    ) -> CursorPosition? {
        if closed {
            let text = focused ? "✗ closed — press Esc, then o to reopen" : "✗ closed — press o to reopen"
            buffer.putTruncated(text, x: rect.x, y: rect.y, width: rect.width, style: theme.bad)
            return nil
        }
        buffer.put("> ", x: rect.x, y: rect.y, style: focused ? theme.focusedBorder : theme.dim)
        let textX = rect.x + 2
        let textWidth = rect.width - 2
        if chat.draft.isEmpty {
            let hint = focused ? "type here (Enter sends, Alt+Enter newline)" : "press Tab to write"
            buffer.putTruncated(hint, x: textX, y: rect.y, width: textWidth, style: theme.dim)
            return focused ? CursorPosition(x: textX, y: rect.y) : nil
        }
        let (rows, cursorRow, cursorColumn) = chat.draft.layout(width: textWidth)
        let first = max(cursorRow - rect.height + 1, 0)
        for (offset, row) in rows.dropFirst(first).prefix(rect.height).enumerated() {
            buffer.put(row, x: textX, y: rect.y + offset)
        }
        return focused ? CursorPosition(x: textX + cursorColumn, y: rect.y + cursorRow - first) : nil
    }
}
