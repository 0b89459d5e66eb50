import TerminalText
import Testing

@testable import chatctl

@Suite struct TableTests {
    let columns = [TableColumn(header: "ID"), TableColumn(header: "NOTE", flexible: true), TableColumn(header: "N")]

    @Test func alignsByDisplayWidth() {
        let table = Table(columns: columns, rows: [[Cell("a"), Cell("日本"), Cell("1")], [Cell("bb"), Cell("x"), Cell("22")]])
        #expect(table.render(maxWidth: nil, style: .plain) == """
            ID  NOTE  N
            a   日本  1
            bb  x     22

            """)
    }

    @Test func shrinksFlexibleColumnsToFitAndNeverEndsLinesWithSpaces() {
        let long = String(repeating: "word ", count: 20)
        let table = Table(columns: columns, rows: [[Cell("id-1"), Cell(long), Cell("")]])
        let lines = table.render(maxWidth: 40, style: .plain).split(separator: "\n")
        #expect(lines.allSatisfy { $0.displayWidth <= 40 })
        #expect(lines[1].contains("…"))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func shrinksTheWidestFlexibleColumnsEvenly() {
        let columns = [TableColumn(header: "A", flexible: true), TableColumn(header: "B", flexible: true)]
        let table = Table(columns: columns, rows: [[Cell(String(repeating: "a", count: 60)), Cell(String(repeating: "b", count: 30))]])
        #expect(table.widths(maxWidth: 62) == [30, 30])
        #expect(table.widths(maxWidth: 52) == [25, 25])
        #expect(table.widths(maxWidth: 51).sorted() == [24, 25])
    }

    @Test func keepsFlexibleColumnsReadableWhenTheTerminalIsTiny() {
        let table = Table(columns: columns, rows: [[Cell("id"), Cell(String(repeating: "x", count: 50)), Cell("1")]])
        #expect(table.widths(maxWidth: 5) == [2, Table.minimumFlexibleWidth, 1])
    }

    @Test func colourDoesNotChangeTheLayout() {
        let rows = [[Cell("a", color: .green), Cell("note", color: .red), Cell("1")]]
        let coloured = Table(columns: columns, rows: rows).render(maxWidth: nil, style: Style(enabled: true))
        let plain = Table(columns: columns, rows: rows).render(maxWidth: nil, style: .plain)
        #expect(coloured.contains("\u{1B}[32ma\u{1B}[0m"))
        #expect(coloured.replacing(/\x1B\[[0-9;]*m/, with: "") == plain)
    }

    @Test func cellsNeutraliseHostileText() {
        let table = Table(columns: columns, rows: [[Cell("x"), Cell("\u{1B}[31mred\nline"), Cell("1")]])
        let output = table.render(maxWidth: nil, style: .plain)
        #expect(!output.contains("\u{1B}"))
        #expect(output.split(separator: "\n").count == 2)
    }

    @Test func detailListAlignsLabels() {
        var list = DetailList()
        list.add("ID", "1")
        list.add("Last update", "now")
        list.add("Agent", "")
        #expect(list.render(style: .plain) == "ID:           1\nLast update:  now\nAgent:\n")
    }
}
