import TerminalText

/// One screen cell: a grapheme cluster of width 1 or 2, or the right half of a wide one.
public struct Cell: Hashable, Sendable {
    /// The cluster drawn here, or ``Cell/continuationMarker`` for the right half of a wide cluster.
    public var character: Character
    public var style: Style

    public init(character: Character, style: Style = Style()) {
        self.character = character
        self.style = style
    }

    /// Stands in the cell right of a wide cluster; never a drawable character.
    public static let continuationMarker: Character = "\u{0}"

    /// An empty, unstyled cell.
    public static let blank = Cell(character: " ")

    /// Whether this is the right half of the wide cluster in the cell to its left.
    public var isContinuation: Bool { character == Self.continuationMarker }
}

/// A cell that differs from the previous frame.
public struct CellChange: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}

/// An immediate-mode grid of cells: a frame is rendered into it, then diffed
/// against the previous frame so only changed cells reach the terminal.
///
/// A wide cluster occupies its cell and a continuation cell to its right;
/// writing over either half clears the other, so no half glyph is ever left.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    /// A buffer of blank cells; negative sizes become 0.
    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y` (both must be inside the buffer).
    public subscript(x: Int, y: Int) -> Cell {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)×\(height)")
        return cells[y * width + x]
    }

    /// Writes `text` on row `y` from column `x`, one grapheme cluster per cell
    /// (two for wide ones), stopping before a cluster that would cross the right
    /// edge or `maxWidth` columns. Zero-width clusters are skipped; sanitize
    /// untrusted text with ``SafeText`` first. Draws nothing if (`x`, `y`) is
    /// outside the buffer.
    /// - Returns: The number of columns written.
    @discardableResult
    public mutating func put(
        _ text: some StringProtocol, x: Int, y: Int, style: Style = Style(), maxWidth: Int = .max
    ) -> Int {
        guard x >= 0, x < width, y >= 0, y < height else { return 0 }
        let limit = x + min(max(maxWidth, 0), width - x)
        var column = x
        for character in text {
            let characterWidth = character.displayWidth
            if characterWidth == 0 { continue }
            if column + characterWidth > limit { break }
            write(Cell(character: character, style: style), width: characterWidth, x: column, y: y)
            column += characterWidth
        }
        return column - x
    }

    /// Sets every cell of `rect` (clipped to the buffer) to `character` in `style`.
    /// - Precondition: `character` is one column wide.
    public mutating func fill(rect: Rect, style: Style = Style(), character: Character = " ") {
        precondition(character.displayWidth == 1, "fill character must be one column wide")
        let clipped = rect.intersection(area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                write(Cell(character: character, style: style), width: 1, x: x, y: y)
            }
        }
    }

    /// Draws a single-line border ─│┌┐└┘ along the edges of `rect` with `title`
    /// on the top edge (`┌ title ───┐`, shortened with `…` when it does not fit).
    /// The inside is left untouched; nothing is drawn if `rect` is smaller than 2×2.
    public mutating func drawBox(rect: Rect, title: String = "", style: Style = Style()) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in rect.y + 1..<rect.maxY - 1 {
            put("│", x: rect.x, y: y, style: style)
            put("│", x: rect.maxX - 1, y: y, style: style)
        }
        let room = rect.width - 2
        guard !title.isEmpty, room >= 3 else { return }
        let label = " \(title) "
        if label.displayWidth <= room {
            put(label, x: rect.x + 1, y: rect.y, style: style)
        } else {
            let written = put(" " + title, x: rect.x + 1, y: rect.y, style: style, maxWidth: room - 1)
            put("…", x: rect.x + 1 + written, y: rect.y, style: style)
        }
    }

    /// The cells that differ from `previous`, row by row, left to right.
    /// Continuation cells are omitted (drawing a wide cluster covers them);
    /// if the sizes differ, every cell is reported.
    public func diff(from previous: ScreenBuffer) -> [CellChange] {
        let sameSize = previous.width == width && previous.height == height
        var changes: [CellChange] = []
        for index in cells.indices {
            if sameSize && cells[index] == previous.cells[index] || cells[index].isContinuation { continue }
            changes.append(CellChange(x: index % width, y: index / width, cell: cells[index]))
        }
        return changes
    }

    /// The rows as plain text, continuation cells omitted (for tests and captures).
    public func lines() -> [String] {
        (0..<height).map { y in
            String(cells[y * width..<(y + 1) * width].lazy.filter { !$0.isContinuation }.map(\.character))
        }
    }

    /// Stores `cell` at (`x`, `y`) spanning `width` columns, clearing the other
    /// half of any wide cluster it partly overwrites.
    private mutating func write(_ cell: Cell, width cellWidth: Int, x: Int, y: Int) {
        let row = y * width
        if cells[row + x].isContinuation {
            cells[row + x - 1].character = " "
        }
        let after = x + cellWidth
        if after < width && cells[row + after].isContinuation {
            cells[row + after].character = " "
        }
        cells[row + x] = cell
        for column in x + 1..<after {
            cells[row + column] = Cell(character: Cell.continuationMarker, style: cell.style)
        }
    }
}
