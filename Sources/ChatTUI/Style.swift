/// One of the eight basic terminal colors; raw values are the ANSI/curses color numbers.
public enum Color: Int, CaseIterable, Hashable, Sendable {
    case black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn; a `nil` color means the terminal's default.
public struct Style: Hashable, Sendable {
    public var foreground: Color?
    public var background: Color?
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool
    public var italic: Bool

    public init(
        foreground: Color? = nil, background: Color? = nil,
        bold: Bool = false, dim: Bool = false, reverse: Bool = false,
        underline: Bool = false, italic: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.italic = italic
    }
}

extension Style {
    /// This style with `other` on top: its colors where it has them, and the flags of both.
    public func adding(_ other: Style) -> Style {
        Style(
            foreground: other.foreground ?? foreground, background: other.background ?? background,
            bold: bold || other.bold, dim: dim || other.dim, reverse: reverse || other.reverse,
            underline: underline || other.underline, italic: italic || other.italic)
    }
}
