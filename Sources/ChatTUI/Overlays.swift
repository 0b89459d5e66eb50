import ChatClientKit
import TerminalText

/// Windows drawn over the panes: help, the new-conversation form, and the quit question.
enum Overlays {
    static func draw(_ overlay: Overlay, state: AppState, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        switch overlay {
        case .help(let scroll):
            drawHelp(scroll: scroll, theme: theme, into: &buffer)
            return nil
        case .newConversation(let form):
            return drawForm(form, theme: theme, into: &buffer)
        case .confirmQuit(let pending):
            drawQuit(pending: pending, kept: state.settings.outboxOutlivesRun, theme: theme, into: &buffer)
            return nil
        case .joinRoom(let editor):
            return drawJoin(editor, theme: theme, into: &buffer)
        }
    }

    /// A cleared, bordered window centered on the screen; returns its inside.
    private static func window(width: Int, height: Int, title: String, theme: Theme, into buffer: inout ScreenBuffer) -> Rect {
        let width = min(width, buffer.width - 2)
        let height = min(height, buffer.height - 2)
        let rect = Rect(x: (buffer.width - width) / 2, y: (buffer.height - height) / 2, width: width, height: height)
        buffer.fill(rect: rect)
        buffer.drawBox(rect: rect, title: title, style: theme.focusedBorder)
        return rect.inset(dx: 2, dy: 1)
    }

    /// The help window's width on a screen `width` columns wide.
    static func helpWidth(screen width: Int) -> Int { min(80, width - 2) }

    private static func drawHelp(scroll: Int, theme: Theme, into buffer: inout ScreenBuffer) {
        let lines = HelpText.lines(width: helpWidth(screen: buffer.width) - 4)
        let inside = window(width: 80, height: lines.count + 3, title: "Keys", theme: theme, into: &buffer)
        let rows = inside.height - 1
        let top = min(scroll, max(lines.count - rows, 0))
        for (offset, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            buffer.putTruncated(line.text, x: inside.x, y: inside.y + offset, width: inside.width,
                                style: line.isTitle ? theme.heading : Style())
        }
        let more = top + rows < lines.count ? "↓ more (↑ ↓ PgDn) · " : ""
        buffer.putRight(more + "Esc closes", maxX: inside.maxX, y: inside.maxY - 1, style: theme.dim)
    }

    private static func drawForm(_ form: NewConversationForm, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        let inside = window(width: 64, height: 11, title: "New conversation", theme: theme, into: &buffer)
        let labelWidth = 11
        let valueX = inside.x + labelWidth
        let valueWidth = inside.width - labelWidth
        var cursor: CursorPosition?
        for field in NewConversationForm.Field.allCases {
            let y = inside.y + field.rawValue
            let focused = field == form.field
            buffer.put(field.label, x: inside.x, y: y, style: focused ? theme.heading.adding(theme.selection) : Style())
            switch field {
            case .clientID, .summary:
                let editor = field == .clientID ? form.clientID : form.summary
                buffer.fill(rect: Rect(x: valueX, y: y, width: valueWidth, height: 1), style: theme.field)
                let (visible, column) = editor.window(width: valueWidth)
                buffer.put(visible, x: valueX, y: y, style: theme.field, maxWidth: valueWidth)
                if focused { cursor = CursorPosition(x: valueX + column, y: y) }
            case .channel, .priority:
                let value = field == .channel ? form.channel.rawValue : form.priority.rawValue
                buffer.put(focused ? "‹ \(value) ›" : "  \(value)", x: valueX, y: y, style: focused ? theme.heading : Style())
            }
        }
        let statusY = inside.y + NewConversationForm.Field.allCases.count + 1
        if form.submitting {
            buffer.put("creating…", x: inside.x, y: statusY, style: theme.dim)
        } else if let error = form.error {
            for (offset, row) in SafeText("✗ " + error).wrapped(toWidth: inside.width).prefix(2).enumerated() {
                buffer.put(row, x: inside.x, y: statusY + offset, style: theme.bad)
            }
        }
        let help = "Tab/↑↓ field · ←→ choose · Ctrl-G new id · Enter create · Esc cancel"
        let helpRows = SafeText(help).wrapped(toWidth: inside.width)
        for (offset, row) in helpRows.suffix(2).enumerated() {
            buffer.put(row, x: inside.x, y: inside.maxY - min(helpRows.count, 2) + offset, style: theme.dim)
        }
        return cursor
    }

    private static func drawJoin(_ editor: InputEditor, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        let inside = window(width: 56, height: 6, title: "Join a room", theme: theme, into: &buffer)
        buffer.put("Room id", x: inside.x, y: inside.y, style: theme.heading)
        let valueX = inside.x + 9
        let valueWidth = inside.width - 9
        buffer.fill(rect: Rect(x: valueX, y: inside.y, width: valueWidth, height: 1), style: theme.field)
        let (visible, column) = editor.window(width: valueWidth)
        buffer.put(visible, x: valueX, y: inside.y, style: theme.field, maxWidth: valueWidth)
        buffer.putTruncated("Enter join · Esc cancel", x: inside.x, y: inside.maxY - 1, width: inside.width, style: theme.dim)
        return CursorPosition(x: valueX + column, y: inside.y)
    }

    private static func drawQuit(pending: Int, kept: Bool, theme: Theme, into buffer: inout ScreenBuffer) {
        let noun = pending == 1 ? "message is" : "messages are"
        let fate = kept
            ? "The outbox keeps them; they are sent the next time chat-tui connects."
            : "The demo's outbox goes away with it; quitting drops them."
        let text = "\(pending) \(noun) not delivered yet. " + fate
        let inside = window(width: 56, height: 8, title: "Quit?", theme: theme, into: &buffer)
        for (offset, row) in SafeText(text).wrapped(toWidth: inside.width).prefix(inside.height - 2).enumerated() {
            buffer.put(row, x: inside.x, y: inside.y + offset)
        }
        buffer.put("[y] quit   [n] stay", x: inside.x, y: inside.maxY - 1, style: theme.heading)
    }
}
