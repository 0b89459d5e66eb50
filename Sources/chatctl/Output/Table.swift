import TerminalText

/// One table cell: text made terminal-safe on the way in, and an optional colour.
struct Cell: Sendable, Equatable {
    let text: String
    let color: Style.Color?

    init(_ text: String, color: Style.Color? = nil) {
        self.text = TerminalSafe.line(text)
        self.color = color
    }
}

/// A column: its header, and whether it may be shortened (with `…`) to fit the terminal.
struct TableColumn: Sendable, Equatable {
    let header: String
    var flexible = false
}

/// A plain-text table aligned by display width, shrinking its flexible columns to fit.
struct Table: Sendable {
    static let gap = 2
    /// Flexible columns are not shrunk below this (or their natural width, if smaller).
    static let minimumFlexibleWidth = 12

    let columns: [TableColumn]
    var rows: [[Cell]] = []

    /// Column widths: natural widths, with the widest flexible column shrunk (towards the
    /// next widest, so they end up even) until the table fits `maxWidth` or all reach their minimum.
    func widths(maxWidth: Int?) -> [Int] {
        var widths = columns.indices.map { column in
            rows.reduce(columns[column].header.displayWidth) { max($0, $1[column].text.displayWidth) }
        }
        guard let maxWidth else { return widths }
        var excess = widths.reduce(0, +) + Self.gap * max(0, columns.count - 1) - maxWidth
        while excess > 0 {
            let floors = columns.indices.map { column in
                columns[column].flexible
                    ? max(columns[column].header.displayWidth, Self.minimumFlexibleWidth) : widths[column]
            }
            let shrinkable = columns.indices.filter { widths[$0] > floors[$0] }
            guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
            let runnerUp = shrinkable.filter { $0 != widest }.map { widths[$0] }.max() ?? 0
            let target = max(floors[widest], min(runnerUp, widths[widest] - 1))
            let cut = min(excess, widths[widest] - target)
            widths[widest] -= cut
            excess -= cut
        }
        return widths
    }

    /// The table as lines; the last column is not padded, so no line ends in spaces.
    func render(maxWidth: Int?, style: Style) -> String {
        let widths = widths(maxWidth: maxWidth)
        func line(_ cells: [(text: String, paint: (String) -> String)]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let text = cell.text.truncated(toWidth: widths[column])
                let padding = column == cells.count - 1 ? 0 : widths[column] - text.displayWidth
                parts.append(cell.paint(text) + String(repeating: " ", count: padding))
            }
            var rendered = parts.joined(separator: String(repeating: " ", count: Self.gap))
            while rendered.hasSuffix(" ") { rendered.removeLast() }
            return rendered + "\n"
        }
        var output = line(columns.map { (TerminalSafe.line($0.header), style.bold) })
        for row in rows {
            output += line(row.map { cell in (cell.text, { style.paint($0, cell.color) }) })
        }
        return output
    }
}

/// One record shown as aligned `label  value` lines (the table view of a single item).
struct DetailList: Sendable {
    var fields: [(label: String, value: Cell)] = []

    mutating func add(_ label: String, _ value: String, color: Style.Color? = nil) {
        fields.append((label, Cell(value, color: color)))
    }

    func render(style: Style) -> String {
        let width = fields.map { $0.label.displayWidth + 1 }.max() ?? 0
        return fields.map { field in
            let label = style.bold(field.label + ":")
            guard !field.value.text.isEmpty else { return label + "\n" }
            let padding = String(repeating: " ", count: width - (field.label + ":").displayWidth + 2)
            return label + padding + style.paint(field.value.text, field.value.color) + "\n"
        }.joined()
    }
}
