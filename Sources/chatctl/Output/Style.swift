/// ANSI styling for human output, or none at all.
struct Style: Sendable, Equatable {
    enum Color: Int, Sendable {
        case red = 31, green = 32, yellow = 33, blue = 34, gray = 90
    }

    let enabled: Bool

    static let plain = Style(enabled: false)

    func bold(_ text: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[1m" + text + "\u{1B}[0m" : text
    }

    func paint(_ text: String, _ color: Color?) -> String {
        guard enabled, let color, !text.isEmpty else { return text }
        return "\u{1B}[\(color.rawValue)m" + text + "\u{1B}[0m"
    }
}

/// `--color auto|always|never`.
enum ColorMode: String, CaseIterable, Sendable {
    case auto, always, never

    /// Whether to colour: the flag wins; `auto` colours a terminal unless `NO_COLOR` is set
    /// (to anything but the empty string) or `TERM` is `dumb`.
    func style(isTerminal: Bool, environment: [String: String]) -> Style {
        switch self {
        case .always: Style(enabled: true)
        case .never: .plain
        case .auto:
            Style(
                enabled: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
        }
    }
}
