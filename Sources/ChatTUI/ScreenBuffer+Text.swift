import TerminalText

extension ScreenBuffer {
    /// Writes `text` ending at column `maxX` (exclusive); returns the column it starts at.
    @discardableResult
    mutating func putRight(_ text: String, maxX: Int, y: Int, style: Style = Style()) -> Int {
        let x = maxX - text.displayWidth
        put(text, x: x, y: y, style: style)
        return x
    }

    /// Writes `text` centered in `rect`'s row `y`, clipped to the rectangle.
    mutating func putCentered(_ text: String, in rect: Rect, y: Int, style: Style = Style()) {
        let x = rect.x + max((rect.width - text.displayWidth) / 2, 0)
        put(text, x: x, y: y, style: style, maxWidth: rect.maxX - x)
    }

    /// Writes `text` clipped to `width` columns, ending with `…` when it had to be cut.
    @discardableResult
    mutating func putTruncated(_ text: String, x: Int, y: Int, width: Int, style: Style = Style()) -> Int {
        guard width > 0 else { return 0 }
        if text.displayWidth <= width { return put(text, x: x, y: y, style: style) }
        let written = put(text, x: x, y: y, style: style, maxWidth: width - 1)
        return written + put("…", x: x + written, y: y, style: style)
    }

    /// Draws spans left to right from column `x`, clipped to `width`; returns the columns used.
    @discardableResult
    mutating func put(_ spans: [Span], x: Int, y: Int, width: Int, theme: Theme, base: Style = Style()) -> Int {
        var column = x
        for span in spans {
            let room = x + width - column
            guard room > 0 else { break }
            column += put(span.text, x: column, y: y, style: base.adding(theme.style(span.role)), maxWidth: room)
        }
        return column - x
    }

    /// A horizontal rule `├────┤` joining a box's sides on row `y`.
    mutating func drawSeparator(in rect: Rect, y: Int, style: Style) {
        guard rect.width >= 2 else { return }
        put("├" + String(repeating: "─", count: rect.width - 2) + "┤", x: rect.x, y: y, style: style)
    }
}
