/// The `-o` formats.
enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, ndjson, tsv
}

/// What goes to stdout: a format, or only ids (`-q`).
enum OutputMode: Sendable, Equatable {
    case format(OutputFormat)
    case ids
}
