import TerminalText

/// Every key, as the help overlay lists it.
public enum HelpText {
    public struct Binding: Sendable {
        public let keys: String
        public let action: String
    }

    public struct Section: Sendable {
        public let title: String
        public let bindings: [Binding]
    }

    public static let sections: [Section] = [
        Section(title: "Conversation list", bindings: [
            Binding(keys: "↑ ↓  k j", action: "move the selection (more load at the end)"),
            Binding(keys: "Home End  g G", action: "first / last conversation"),
            Binding(keys: "Enter  →  l", action: "open the selected conversation"),
            Binding(keys: "Tab", action: "write in the open conversation"),
            Binding(keys: "/", action: "search (Enter applies, Esc cancels)"),
            Binding(keys: "f", action: "filter by status: active, pending, closed, all"),
            Binding(keys: "p", action: "filter by priority: High, Medium, Low, all"),
            Binding(keys: "Esc", action: "clear search and filters"),
            Binding(keys: "n", action: "new conversation (rooms: join a room by id)"),
            Binding(keys: "c  o", action: "close / reopen the selected conversation"),
            Binding(keys: "r  x", action: "resend / drop failed or unconfirmed messages"),
            Binding(keys: "R", action: "reconnect now and refresh the list"),
            Binding(keys: "?", action: "this help"),
            Binding(keys: "q", action: "quit (asks if messages are unsent)"),
        ]),
        Section(title: "Writing", bindings: [
            Binding(keys: "Enter  Alt+1…9", action: "send / take a bot's quick reply"),
            Binding(keys: "Alt+Enter  Ctrl-J", action: "new line"),
            Binding(keys: "← →  Ctrl-B Ctrl-F", action: "move by character"),
            Binding(keys: "Alt+B  Alt+F", action: "move by word"),
            Binding(keys: "Home End  Ctrl-A Ctrl-E", action: "start / end of line"),
            Binding(keys: "↑ ↓", action: "previous / next line"),
            Binding(keys: "Backspace  Delete", action: "delete a character"),
            Binding(keys: "Ctrl-W  Alt+Backspace", action: "delete the word before"),
            Binding(keys: "Ctrl-U  Ctrl-K", action: "delete to start / end of line"),
            Binding(keys: "Ctrl-R", action: "reconnect now"),
            Binding(keys: "Esc  Tab", action: "back to the list (the draft is kept)"),
        ]),
        Section(title: "Anywhere", bindings: [
            Binding(keys: "PgUp PgDn", action: "scroll the chat (older history loads)"),
            Binding(keys: "mouse wheel", action: "scroll the chat or the list"),
            Binding(keys: "click", action: "select; click again to open"),
            Binding(keys: "Ctrl-L", action: "redraw the screen"),
            Binding(keys: "Ctrl-C", action: "quit (asks if messages are unsent)"),
        ]),
    ]

    /// Column of the actions: after the longest key names.
    static let keyColumn = 4 + sections.flatMap(\.bindings).map(\.keys.count).max()!

    /// The overlay's rows for a window `width` columns wide: section titles and
    /// "keys  action" lines, actions wrapped under their column (or below the keys when
    /// the window is narrow).
    public static func lines(width: Int) -> [(text: String, isTitle: Bool)] {
        let column = width - keyColumn >= 24 ? keyColumn : 4
        var lines: [(text: String, isTitle: Bool)] = []
        for (index, section) in sections.enumerated() {
            if index > 0 { lines.append(("", false)) }
            lines.append((section.title, true))
            for binding in section.bindings {
                let keys = "  " + binding.keys
                var rows = SafeText(binding.action).wrapped(toWidth: max(width - column, 8)).map(String.init)
                if column == keyColumn {
                    rows[0] = keys.padding(toLength: column, withPad: " ", startingAt: 0) + rows[0]
                } else {
                    lines.append((keys, false))
                    rows[0] = String(repeating: " ", count: column) + rows[0]
                }
                lines += rows.enumerated().map { offset, row in
                    (offset == 0 ? row : String(repeating: " ", count: column) + row, false)
                }
            }
        }
        return lines
    }
}
