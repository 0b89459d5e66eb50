import TerminalText

/// A text field: its text, a cursor between grapheme clusters, and the edits a chat input
/// needs (Emacs-style line and word keys, multi-line text).
///
/// Inserted text goes through ``SafeText``, so the field never holds a control character
/// other than line breaks (and none at all when it is single-line).
public struct InputEditor: Sendable, Equatable {
    public private(set) var text: String
    /// The cursor, as the number of characters before it.
    public private(set) var cursor: Int
    /// Whether line breaks are allowed; pasted ones become spaces otherwise.
    public let multiline: Bool

    public init(_ text: String = "", multiline: Bool = true) {
        self.multiline = multiline
        self.text = ""
        cursor = 0
        insert(text)
    }

    public var isEmpty: Bool { text.isEmpty }

    /// True when there is nothing but whitespace to send.
    public var isBlank: Bool { text.allSatisfy(\.isWhitespace) }

    /// Inserts `string` at the cursor, made safe first.
    public mutating func insert(_ string: String) {
        let normalized = string.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var safe = SafeText(normalized).text
        if !multiline { safe = safe.replacingOccurrences(of: "\n", with: " ") }
        guard !safe.isEmpty else { return }
        let split = text.index(text.startIndex, offsetBy: cursor)
        let before = String(text[..<split]) + safe
        text = before + text[split...]
        cursor = min(before.count, text.count)
    }

    public mutating func newline() {
        if multiline { insert("\n") }
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        remove(cursor - 1..<cursor)
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        remove(cursor..<cursor + 1)
    }

    public mutating func moveLeft() { cursor = max(cursor - 1, 0) }
    public mutating func moveRight() { cursor = min(cursor + 1, text.count) }

    public mutating func moveToLineStart() { cursor = lineStart }
    public mutating func moveToLineEnd() { cursor = lineEnd }

    /// Moves to the same column of the previous line; false on the first line.
    @discardableResult
    public mutating func moveUp() -> Bool {
        let start = lineStart
        guard start > 0 else { return false }
        let column = cursor - start
        let previousStart = Self.lineStart(in: Array(text), before: start - 1)
        cursor = previousStart + min(column, start - 1 - previousStart)
        return true
    }

    /// Moves to the same column of the next line; false on the last line.
    @discardableResult
    public mutating func moveDown() -> Bool {
        let end = lineEnd
        guard end < text.count else { return false }
        let column = cursor - lineStart
        let characters = Array(text)
        let nextEnd = characters[(end + 1)...].firstIndex(of: "\n") ?? characters.count
        cursor = end + 1 + min(column, nextEnd - end - 1)
        return true
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func deleteToLineStart() { remove(lineStart..<cursor) }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    public mutating func deleteToLineEnd() { remove(cursor..<lineEnd) }

    /// Ctrl-W: deletes the word before the cursor and the spaces after it.
    public mutating func deleteWordBackward() {
        let characters = Array(text)
        var start = cursor
        while start > 0 && characters[start - 1].isWhitespace && characters[start - 1] != "\n" { start -= 1 }
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        if start == cursor && start > 0 { start -= 1 }  // a lone line break
        remove(start..<cursor)
    }

    public mutating func moveWordLeft() {
        let characters = Array(text)
        while cursor > 0 && characters[cursor - 1].isWhitespace { cursor -= 1 }
        while cursor > 0 && !characters[cursor - 1].isWhitespace { cursor -= 1 }
    }

    public mutating func moveWordRight() {
        let characters = Array(text)
        while cursor < characters.count && characters[cursor].isWhitespace { cursor += 1 }
        while cursor < characters.count && !characters[cursor].isWhitespace { cursor += 1 }
    }

    public mutating func clear() {
        text = ""
        cursor = 0
    }

    /// The text hard-wrapped to `width` columns (a wide cluster never straddles the edge),
    /// and where the cursor is in those rows.
    public func layout(width: Int) -> (rows: [String], cursorRow: Int, cursorColumn: Int) {
        let width = max(width, 2)
        var rows: [String] = [""]
        var rowWidth = 0
        var cursorPosition = (row: 0, column: 0)
        for (offset, character) in text.enumerated() {
            if offset == cursor { cursorPosition = (rows.count - 1, rowWidth) }
            if character == "\n" {
                rows.append("")
                rowWidth = 0
                continue
            }
            let characterWidth = character.displayWidth
            if rowWidth + characterWidth > width {
                rows.append("")
                rowWidth = 0
                if offset == cursor { cursorPosition = (rows.count - 1, 0) }
            }
            rows[rows.count - 1].append(character)
            rowWidth += characterWidth
        }
        if cursor >= text.count {
            if rowWidth >= width {
                rows.append("")
                rowWidth = 0
            }
            cursorPosition = (rows.count - 1, rowWidth)
        }
        return (rows, cursorPosition.row, cursorPosition.column)
    }

    /// For a one-row field `width` columns wide: the part of the text to show, scrolled so
    /// the cursor fits, and the cursor's column in it.
    public func window(width: Int) -> (text: Substring, cursorColumn: Int) {
        let beforeCursor = text.prefix(cursor)
        var start = beforeCursor.startIndex
        var column = beforeCursor.displayWidth
        while column > max(width - 1, 0), start < beforeCursor.endIndex {
            column -= text[start].displayWidth
            text.formIndex(after: &start)
        }
        return (text[start...], column)
    }

    private var lineStart: Int { Self.lineStart(in: Array(text), before: cursor) }

    private var lineEnd: Int {
        let characters = Array(text)
        return characters[cursor...].firstIndex(of: "\n") ?? characters.count
    }

    private static func lineStart(in characters: [Character], before position: Int) -> Int {
        guard position > 0 else { return 0 }
        return (characters[..<position].lastIndex(of: "\n")).map { $0 + 1 } ?? 0
    }

    private mutating func remove(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let lower = text.index(text.startIndex, offsetBy: range.lowerBound)
        let upper = text.index(lower, offsetBy: range.count)
        text.removeSubrange(lower..<upper)
        cursor = range.lowerBound
    }
}
