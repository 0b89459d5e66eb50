import TerminalText

/// The bottom row: connection state, conversation and outbox counts, then a notice or
/// the key hints of the focused pane.
enum StatusBar {
    static func draw(_ state: AppState, layout: Layout, theme: Theme, into buffer: inout ScreenBuffer) {
        let row = layout.statusBar
        let key = state.focus == .input ? "Ctrl-R" : "R"
        let connection = state.openBuffer.map { ConnectionText($0.connection, now: state.now.monotonic, reconnectKey: key) }
            ?? state.userSocket.map { ConnectionText($0, now: state.now.monotonic, reconnectKey: key) }
            ?? ConnectionText(state.listHealth, reconnectKey: key)
        let levelStyle = switch connection.level {
        case .good: theme.good
        case .warning: theme.warning
        case .bad: theme.bad
        }
        var x = row.x + 1
        x += buffer.put(connection.text, x: x, y: row.y, style: levelStyle)
        let outbox = state.outboxCount
        let total = state.list.total
        var counts = " · \(state.list.loaded ? "\(total)" : "…") conv\(total == 1 ? "" : "s") · outbox \(outbox.total)"
        if outbox.failed > 0 { counts += " (\(outbox.failed) failed)" }
        if outbox.unconfirmed > 0 { counts += " (\(outbox.unconfirmed) unconfirmed)" }
        x += buffer.put(counts, x: x, y: row.y, style: outbox.failed + outbox.unconfirmed > 0 ? theme.bad : Style())
        let room = row.maxX - x - 3
        if let notice = state.notice {
            let text = SafeText(notice.text).text.replacingOccurrences(of: "\n", with: " ")
            let width = min(text.displayWidth, room)
            buffer.putTruncated(text, x: row.maxX - 1 - width, y: row.y, width: width,
                                style: notice.isError ? theme.bad : theme.heading)
            return
        }
        let hints = hints(for: state).first { $0.displayWidth <= room } ?? ""
        buffer.putRight(hints, maxX: row.maxX - 1, y: row.y, style: theme.dim)
    }

    /// Hints for the focused pane, longest first; the first that fits is shown.
    private static func hints(for state: AppState) -> [String] {
        if state.overlay != nil { return [] }
        if state.list.search != nil { return ["Enter search  Esc cancel", "Enter  Esc"] }
        switch state.focus {
        case .list where !state.settings.capabilities.changesStatus:
            return ["[?] help  [n] join a room  [q] quit", "[?] help  [q] quit", "[?] help"]
        case .list where !state.settings.capabilities.createsConversations:
            return ["[?] help  [c] close  [o] reopen  [q] quit", "[?] help  [q] quit", "[?] help"]
        case .list:
            return ["[?] help  [n] new  [c] close  [q] quit", "[?] help  [q] quit", "[?] help"]
        case .input:
            return ["Enter send  Alt+Enter newline  Esc list", "Enter send  Esc list", "Esc list"]
        }
    }
}
