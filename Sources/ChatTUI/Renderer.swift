import TerminalText

/// Where the terminal cursor goes after a frame (the focused text field).
public struct CursorPosition: Sendable, Equatable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// Draws an `AppState` into a `ScreenBuffer`: a pure function of the state, so every
/// screen can be checked in a test without a terminal.
public enum Renderer {
    /// Renders a whole frame into a fresh buffer of the state's size.
    public static func frame(_ state: AppState, theme: Theme) -> (buffer: ScreenBuffer, cursor: CursorPosition?) {
        var buffer = ScreenBuffer(width: state.width, height: state.height)
        let cursor = draw(state, theme: theme, into: &buffer)
        return (buffer, cursor)
    }

    /// Draws the state into `buffer`; returns where the cursor belongs, if anywhere.
    public static func draw(_ state: AppState, theme: Theme, into buffer: inout ScreenBuffer) -> CursorPosition? {
        let layout = state.layout
        guard !layout.isTooSmall else {
            drawTooSmall(state, into: &buffer)
            return nil
        }
        let listCursor = ListPane.draw(state, layout: layout, theme: theme, into: &buffer)
        let chatCursor = ChatPane.draw(state, layout: layout, theme: theme, into: &buffer)
        StatusBar.draw(state, layout: layout, theme: theme, into: &buffer)
        if let overlay = state.overlay {
            return Overlays.draw(overlay, state: state, theme: theme, into: &buffer)
        }
        return listCursor ?? chatCursor
    }

    private static func drawTooSmall(_ state: AppState, into buffer: inout ScreenBuffer) {
        let lines = [
            "Terminal too small",
            "\(state.width)×\(state.height); chat-tui needs \(Layout.minimumWidth)×\(Layout.minimumHeight)",
            "Enlarge the window, or press Ctrl-C to quit",
        ]
        let rows = lines.flatMap { SafeText($0).wrapped(toWidth: max(state.width, 1)) }
        let top = max((state.height - rows.count) / 2, 0)
        for (offset, row) in rows.enumerated() {
            buffer.putCentered(String(row), in: buffer.area, y: top + offset, style: Style(bold: offset == 0))
        }
    }
}
