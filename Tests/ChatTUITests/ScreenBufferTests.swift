import ChatTUI
import TerminalText
import Testing

@Suite struct ScreenBufferTests {
    private let red = Style(foreground: .red, bold: true)

    @Test func startsBlank() {
        let buffer = ScreenBuffer(width: 3, height: 2)
        #expect(buffer.lines() == ["   ", "   "])
        #expect(buffer[2, 1] == .blank)
        #expect(buffer.area == Rect(x: 0, y: 0, width: 3, height: 2))
    }

    @Test func negativeSizeIsEmpty() {
        let buffer = ScreenBuffer(width: -1, height: 5)
        #expect(buffer.width == 0)
        #expect(buffer.lines() == ["", "", "", "", ""])
        #expect(buffer.diff(from: ScreenBuffer(width: 2, height: 2)).isEmpty)
    }

    @Test func putWritesStyledCells() {
        var buffer = ScreenBuffer(width: 6, height: 2)
        #expect(buffer.put("abc", x: 1, y: 1, style: red) == 3)
        #expect(buffer.lines() == ["      ", " abc  "])
        #expect(buffer[1, 1] == Cell(character: "a", style: red))
        #expect(buffer[0, 1] == .blank)
    }

    @Test("put clips at the right edge and at maxWidth", arguments: [
        ("hello", 3, Int.max, 2, "   he"),
        ("hello", 0, 3, 3, "hel  "),
        ("hello", 0, 0, 0, "     "),
        ("hello", 0, -1, 0, "     "),
        ("中文", 0, Int.max, 4, "中文 "),
        ("中文", 2, Int.max, 2, "  中 "),
        ("a中", 3, Int.max, 1, "   a "),
        ("中中", 0, 3, 2, "中   "),
        ("👨‍👩‍👧e\u{301}", 0, Int.max, 3, "👨‍👩‍👧e\u{301}  "),
    ] as [(String, Int, Int, Int, String)])
    func clipping(_ text: String, _ x: Int, _ maxWidth: Int, _ written: Int, _ line: String) {
        var buffer = ScreenBuffer(width: 5, height: 1)
        #expect(buffer.put(text, x: x, y: 0, maxWidth: maxWidth) == written)
        #expect(buffer.lines() == [line])
    }

    @Test("put outside the buffer draws nothing", arguments: [(-1, 0), (0, -1), (4, 0), (0, 2)])
    func outside(_ x: Int, _ y: Int) {
        var buffer = ScreenBuffer(width: 4, height: 2)
        #expect(buffer.put("x", x: x, y: y) == 0)
        #expect(buffer == ScreenBuffer(width: 4, height: 2))
    }

    @Test func wideClusterTakesTwoCells() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put("👍🏽", x: 1, y: 0, style: red)
        #expect(buffer[1, 0] == Cell(character: "👍🏽", style: red))
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer[2, 0].style == red)
        #expect(!buffer[3, 0].isContinuation)
        #expect(buffer.lines() == [" 👍🏽 "])
    }

    @Test("zero-width clusters and raw controls never reach a cell")
    func skipsZeroWidth() {
        var buffer = ScreenBuffer(width: 8, height: 1)
        #expect(buffer.put("a\u{1B}[2J\u{202E}\u{200B}b\u{0}", x: 0, y: 0) == 5)
        #expect(buffer.lines() == ["a[2Jb   "])
    }

    @Test("overwriting half of a wide cluster clears the other half", arguments: [
        ("中", 0, "a", 1, " a    "),  // right half: the orphaned left half goes blank
        ("中", 0, "a", 0, "a     "),  // left half: the orphaned right half goes blank
        ("中", 0, "文", 1, " 文   "),
        ("中中", 0, "文", 1, " 文   "),
        ("中中", 0, "xyz", 1, " xyz  "),
        ("中", 2, "文", 1, " 文   "),
    ] as [(String, Int, String, Int, String)])
    func overlap(_ first: String, _ firstX: Int, _ second: String, _ secondX: Int, _ line: String) {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put(first, x: firstX, y: 0)
        buffer.put(second, x: secondX, y: 0)
        #expect(buffer.lines() == [line])
        #expect(buffer.lines()[0].displayWidth == 6)
    }

    @Test func orphanedHalfKeepsItsStyle() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.put("中", x: 0, y: 0, style: red)
        buffer.put("a", x: 1, y: 0)
        #expect(buffer[0, 0] == Cell(character: " ", style: red))
    }

    @Test func fillClipsAndClearsWideHalves() {
        var buffer = ScreenBuffer(width: 5, height: 3)
        buffer.put("中文中", x: 0, y: 1)
        buffer.fill(rect: Rect(x: 1, y: 1, width: 2, height: 9), style: red, character: ".")
        #expect(buffer.lines() == ["     ", " ..  ", " ..  "])
        #expect(buffer[1, 2] == Cell(character: ".", style: red))
        #expect(buffer[3, 1] == .blank)
        buffer.fill(rect: Rect(x: -2, y: -2, width: 4, height: 4))
        #expect(buffer.lines() == ["     ", "  .  ", " ..  "])
    }

    @Test func boxWithTitle() {
        var buffer = ScreenBuffer(width: 12, height: 4)
        buffer.drawBox(rect: Rect(x: 1, y: 0, width: 10, height: 4), title: "Hi")
        #expect(buffer.lines() == [" ┌ Hi ────┐ ", " │        │ ", " │        │ ", " └────────┘ "])
    }

    @Test("long titles are shortened with an ellipsis", arguments: [
        (8, "Conversations", "┌ Conv…┐"),
        (8, "中文字", "┌ 中文…┐"),
        (8, "abcd", "┌ abcd ┐"),
        (9, "中文字", "┌ 中文…─┐"),
        (5, "abc", "┌ a…┐"),
        (4, "abc", "┌──┐"),
        (4, "", "┌──┐"),
    ] as [(Int, String, String)])
    func boxTitle(_ width: Int, _ title: String, _ top: String) {
        var buffer = ScreenBuffer(width: width, height: 2)
        buffer.drawBox(rect: buffer.area, title: title)
        #expect(buffer.lines()[0] == top)
    }

    @Test func tinyBoxes() {
        var buffer = ScreenBuffer(width: 3, height: 3)
        buffer.drawBox(rect: Rect(x: 0, y: 0, width: 1, height: 3), title: "x")
        #expect(buffer == ScreenBuffer(width: 3, height: 3))
        buffer.drawBox(rect: Rect(x: 0, y: 0, width: 2, height: 2))
        #expect(buffer.lines() == ["┌┐ ", "└┘ ", "   "])
        buffer.drawBox(rect: Rect(x: 1, y: 1, width: 5, height: 5), style: red)
        #expect(buffer.lines() == ["┌┐ ", "└┌─", " │ "])
        #expect(buffer[2, 1].style == red)
    }

    @Test func diffReportsOnlyChangedCells() {
        var previous = ScreenBuffer(width: 4, height: 2)
        previous.put("ab", x: 0, y: 0)
        var current = previous
        #expect(current.diff(from: previous).isEmpty)
        current.put("b", x: 0, y: 0)
        current.put("c", x: 3, y: 1, style: red)
        #expect(current.diff(from: previous) == [
            CellChange(x: 0, y: 0, cell: Cell(character: "b")),
            CellChange(x: 3, y: 1, cell: Cell(character: "c", style: red)),
        ])
    }

    @Test func diffOmitsContinuationCells() {
        let previous = ScreenBuffer(width: 4, height: 1)
        var current = previous
        current.put("中", x: 1, y: 0)
        #expect(current.diff(from: previous) == [CellChange(x: 1, y: 0, cell: Cell(character: "中"))])
        var narrow = current
        narrow.put("ab", x: 1, y: 0)
        #expect(narrow.diff(from: current) == [
            CellChange(x: 1, y: 0, cell: Cell(character: "a")), CellChange(x: 2, y: 0, cell: Cell(character: "b")),
        ])
    }

    @Test func diffAfterResizeReportsEverything() {
        var current = ScreenBuffer(width: 3, height: 1)
        current.put("中x", x: 0, y: 0)
        let changes = current.diff(from: ScreenBuffer(width: 4, height: 1))
        #expect(changes.map(\.x) == [0, 2])
        #expect(changes.map(\.cell.character) == ["中", "x"])
    }

    @Test("a hostile message renders only visible, harmless glyphs")
    func hostileMessage() {
        let message = "hi\u{1B}]52;c;ZXZpbA==\u{7}\u{1B}[2J\u{9B}31m\u{202E}中文"
        var buffer = ScreenBuffer(width: 12, height: 4)
        for (row, line) in SafeText(message).wrapped(toWidth: 12).enumerated() {
            buffer.put(line, x: 0, y: row)
        }
        #expect(buffer.lines() == ["hi␛]52;c;ZXZ", "pbA==␇␛[2J<U", "+009B>31m<U+", "202E>中文   "])
    }
}

@Suite struct RectTests {
    private let rect = Rect(x: 2, y: 3, width: 10, height: 6)

    @Test func clampsNegativeSize() {
        #expect(Rect(x: 1, y: 1, width: -4, height: 2) == Rect(x: 1, y: 1, width: 0, height: 2))
        #expect(Rect(x: 1, y: 1, width: 0, height: 2).isEmpty)
        #expect(!rect.isEmpty)
        #expect(rect.maxX == 12 && rect.maxY == 9)
    }

    @Test func inset() {
        #expect(rect.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 4))
        #expect(rect.inset(dx: 2, dy: 0) == Rect(x: 4, y: 3, width: 6, height: 6))
        #expect(rect.inset(by: 4).isEmpty)
    }

    @Test func intersection() {
        #expect(rect.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 3, width: 3, height: 2))
        #expect(rect.intersection(Rect(x: 20, y: 0, width: 5, height: 5)).isEmpty)
        #expect(rect.intersection(rect) == rect)
    }

    @Test("divided cuts a slice off an edge", arguments: [
        (.top, 2, Rect(x: 2, y: 3, width: 10, height: 2), Rect(x: 2, y: 5, width: 10, height: 4)),
        (.bottom, 1, Rect(x: 2, y: 8, width: 10, height: 1), Rect(x: 2, y: 3, width: 10, height: 5)),
        (.left, 3, Rect(x: 2, y: 3, width: 3, height: 6), Rect(x: 5, y: 3, width: 7, height: 6)),
        (.right, 4, Rect(x: 8, y: 3, width: 4, height: 6), Rect(x: 2, y: 3, width: 6, height: 6)),
        (.left, 50, Rect(x: 2, y: 3, width: 10, height: 6), Rect(x: 12, y: 3, width: 0, height: 6)),
        (.top, -1, Rect(x: 2, y: 3, width: 10, height: 0), Rect(x: 2, y: 3, width: 10, height: 6)),
    ] as [(Rect.Edge, Int, Rect, Rect)])
    func divided(_ edge: Rect.Edge, _ distance: Int, _ slice: Rect, _ remainder: Rect) {
        let parts = rect.divided(atDistance: distance, from: edge)
        #expect(parts.slice == slice)
        #expect(parts.remainder == remainder)
    }
}
