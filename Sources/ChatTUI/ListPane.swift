import ChatClientKit
import Foundation
import TerminalText

/// The conversation list: two rows per conversation (unread mark, title, unread count,
/// priority; status, last message, time) and a footer with the filter or search prompt.
enum ListPane {
    /// Entries narrower than this show the priority as one letter.
    private static let compactBelow = 34
    /// Columns of the time at the end of the second row.
    private static let timeWidth = 6

    static func draw(_ state: AppState, layout: Layout, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        let focused = state.focus == .list && state.overlay == nil
        let list = state.list
        let count = list.loaded ? "\(list.total)" : "…"
        let queue = state.queueSize.map { " · queue \($0)" } ?? ""
        buffer.drawBox(
            rect: layout.list, title: "Conversations (\(count))\(queue)", style: focused ? theme.focusedBorder : theme.border)
        let entries = layout.listEntries
        if list.ids.isEmpty {
            drawEmpty(state, in: entries, theme: theme, into: &buffer)
        }
        for (row, id) in list.ids.dropFirst(list.scrollTop).prefix(layout.visibleConversations).enumerated() {
            guard let conversation = state.conversations[id] else { continue }
            drawEntry(
                conversation, state: state, selected: id == list.selection, focused: focused, x: entries.x,
                y: entries.y + row * 2, width: entries.width, theme: theme, into: &buffer)
        }
        return drawFooter(state, in: layout.listFooter, theme: theme, into: &buffer)
    }

    /// The name a conversation goes by: its summary, or its customer's id.
    static func title(of conversation: Conversation) -> String {
        let summary = conversation.summary.map { SafeText($0).text.replacingOccurrences(of: "\n", with: " ") } ?? ""
        guard summary.trimmingCharacters(in: .whitespaces).isEmpty else { return summary }
        guard let client = conversation.clientID else { return SafeText(conversation.id.rawValue).text }
        return "client " + SafeText(String(client.prefix(8))).text
    }

    private static func drawEntry(
        _ conversation: Conversation, state: AppState, selected: Bool, focused: Bool, x: Int, y: Int, width: Int,
        theme: Theme, into buffer: inout ScreenBuffer
    ) {
        let base = selected && focused ? theme.selection : Style()
        if selected && focused { buffer.fill(rect: Rect(x: x, y: y, width: width, height: 2), style: base) }
        let unread = conversation.unreadCount > 0
        buffer.put(selected ? ">" : " ", x: x, y: y, style: base.adding(theme.heading))
        buffer.put(unread ? "●" : "○", x: x + 2, y: y, style: base.adding(unread ? theme.unread : theme.dim))
        let (word, priorityStyle) = switch conversation.priority {
        case .high: ("High", theme.high)
        case .medium: ("Med", theme.medium)
        case .low: ("Low", theme.low)
        case nil: ("", theme.low)
        }
        // The badge at the right end: "12 High", or "12 H" when narrow.
        let priority = width < compactBelow ? String(word.prefix(1)) : word
        let number = conversation.unreadCount > 99 ? "99+" : "\(conversation.unreadCount)"
        var badgeX = buffer.putRight(priority, maxX: x + width, y: y, style: base.adding(priorityStyle))
        if unread { badgeX = buffer.putRight(number + " ", maxX: badgeX, y: y, style: base.adding(theme.unread)) }
        buffer.putTruncated(
            title(of: conversation), x: x + 4, y: y, width: badgeX - 1 - (x + 4), style: base.adding(unread ? theme.unread : Style()))

        var previewX = x + 4
        let previewEnd = x + width - timeWidth - 1
        if conversation.status != .active {
            previewX += buffer.put("\(conversation.status.rawValue) · ", x: previewX, y: y + 1, style: base.adding(theme.dim))
        }
        buffer.putTruncated(
            preview(of: conversation, state: state), x: previewX, y: y + 1, width: previewEnd - previewX,
            style: base.adding(theme.dim))
        buffer.putRight(
            state.time.short(conversation.lastUpdate, now: state.now.wall), maxX: x + width, y: y + 1,
            style: base.adding(theme.dim))
    }

    /// The newest message as one line ("you: …"), or the channel when none is known.
    private static func preview(of conversation: Conversation, state: AppState) -> String {
        let message = state.buffers[conversation.id]?.newest ?? state.previews[conversation.id]
        guard let message else { return conversation.channel?.rawValue ?? "" }
        let text = SafeText(message.content).text.replacingOccurrences(of: "\n", with: " ")
        switch message.sender {
        case .client: return text
        case .system: return "system: " + text
        case .admin:
            let own = message.clientMessageID.map { state.buffers[conversation.id]?.sentIDs.contains($0) == true } ?? false
            return (own ? "you: " : "agent: ") + text
        }
    }

    private static func drawEmpty(_ state: AppState, in rect: Rect, theme: Theme, into buffer: inout ScreenBuffer) {
        let text: String
        switch (state.list.loaded, state.listHealth) {
        case (false, .failed(let error)): text = "Cannot load conversations: \(error.description)"
        case (false, _): text = "Loading conversations…"
        case (true, _) where !state.list.filter.isEmpty: text = "No conversation matches. Esc clears the filter."
        case (true, _): text = "No conversations yet. Press n to start one."
        }
        for (offset, row) in SafeText(text).wrapped(toWidth: rect.width - 2).prefix(rect.height - 1).enumerated() {
            buffer.put(row, x: rect.x + 1, y: rect.y + 1 + offset, style: theme.dim)
        }
    }

    private static func drawFooter(_ state: AppState, in rect: Rect, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        if let search = state.list.search {
            let written = buffer.put("/ ", x: rect.x, y: rect.y, style: theme.heading)
            let room = rect.width - written
            let (visible, column) = search.window(width: room)
            buffer.put(visible, x: rect.x + written, y: rect.y, style: theme.field, maxWidth: room)
            return state.overlay == nil ? CursorPosition(x: rect.x + written + column, y: rect.y) : nil
        }
        if state.list.loadsPages {
            buffer.put("loading more…", x: rect.x, y: rect.y, style: theme.dim)
        } else if state.list.canLoadEarlier {
            let first = state.list.firstPosition
            let shown = "\(first)–\(first + state.list.ids.count - 1) of \(state.list.total)"
            buffer.putTruncated(shown, x: rect.x, y: rect.y, width: rect.width, style: theme.dim)
        } else if let summary = state.list.filter.summary {
            buffer.putTruncated("filter: " + SafeText(summary).text, x: rect.x, y: rect.y, width: rect.width, style: theme.heading)
        } else {
            let capabilities = state.settings.capabilities
            let hints = if capabilities.filtersConversations {
                ["/ search · f status · p priority", "/ search · f · p", "/ f p"]
            } else if capabilities.listsConversations {
                ["c close · o reopen · R refresh", "c · o · R"]
            } else {
                ["n join a room by id", "n join"]
            }
            buffer.put(hints.first { $0.displayWidth <= rect.width } ?? "", x: rect.x, y: rect.y, style: theme.dim)
        }
        return nil
    }
}
