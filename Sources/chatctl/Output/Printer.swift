import Foundation
import TerminalText

/// Renders records in the chosen mode; pure, so every format is testable as a string.
struct Printer: Sendable {
    let mode: OutputMode
    let style: Style
    /// Terminal width for tables; nil for no limit.
    let width: Int?

    /// A listing: a table, a JSON array, one JSON object or TSV row per line, or ids.
    func list<R: Record>(_ records: [R]) throws -> String {
        switch mode {
        case .ids: return records.map { TerminalSafe.line("\($0.id)") + "\n" }.joined()
        case .format(.table):
            guard !records.isEmpty else { return "" }
            return Table(columns: R.columns, rows: records.map { $0.cells() }).render(maxWidth: width, style: style)
        case .format(.json): return try JSONText.encode(records, pretty: true) + "\n"
        case .format(.ndjson): return try records.map { try JSONText.encode($0, pretty: false) + "\n" }.joined()
        case .format(.tsv): return records.map(Self.tsvLine).joined()
        }
    }

    /// One record: a detail view in table mode, a JSON object, one line, or its id.
    func one<R: Record>(_ record: R) throws -> String {
        switch mode {
        case .format(.table): record.details().render(style: style)
        case .format(.json): try JSONText.encode(record, pretty: true) + "\n"
        default: try list([record])
        }
    }

    /// True for the table format, whose notes (e.g. "no conversations") go to stderr.
    var isTable: Bool { mode == .format(.table) }

    static func tsvLine(_ record: some Record) -> String {
        record.fields().map(TerminalSafe.field).joined(separator: "\t") + "\n"
    }
}
