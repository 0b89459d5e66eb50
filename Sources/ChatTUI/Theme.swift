/// The styles of everything on screen, in color or in monochrome (`NO_COLOR`, `--color
/// never`, terminals without colors): the monochrome theme uses only bold, dim, reverse,
/// underline and italic, so nothing depends on color to be understood.
public struct Theme: Sendable, Equatable {
    public var border: Style
    public var focusedBorder: Style
    public var selection: Style
    public var unread: Style
    public var high: Style
    public var medium: Style
    public var low: Style
    public var dim: Style
    public var good: Style
    public var warning: Style
    public var bad: Style
    public var heading: Style
    public var field: Style
    public var marker: Style
    public var roles: [Role: Style]

    /// Colors for terminals that have them.
    public static let color = Theme(
        border: Style(), focusedBorder: Style(foreground: .cyan, bold: true), selection: Style(reverse: true),
        unread: Style(foreground: .cyan, bold: true), high: Style(foreground: .red, bold: true),
        medium: Style(foreground: .yellow), low: Style(dim: true), dim: Style(dim: true),
        good: Style(foreground: .green, bold: true), warning: Style(foreground: .yellow, bold: true),
        bad: Style(foreground: .red, bold: true), heading: Style(bold: true), field: Style(underline: true),
        marker: Style(foreground: .black, background: .yellow, bold: true),
        roles: [
            .plain: Style(), .dim: Style(dim: true), .time: Style(dim: true), .daySeparator: Style(dim: true),
            .unreadMarker: Style(foreground: .red, bold: true), .client: Style(foreground: .cyan, bold: true),
            .agent: Style(foreground: .blue), .you: Style(foreground: .green, bold: true),
            .system: Style(foreground: .magenta), .body: Style(), .systemBody: Style(dim: true, italic: true),
            .sent: Style(foreground: .green), .pending: Style(foreground: .yellow),
            .failed: Style(foreground: .red, bold: true),
        ])

    /// No colors at all.
    public static let monochrome = Theme(
        border: Style(), focusedBorder: Style(bold: true), selection: Style(reverse: true), unread: Style(bold: true),
        high: Style(bold: true), medium: Style(), low: Style(dim: true), dim: Style(dim: true), good: Style(bold: true),
        warning: Style(bold: true), bad: Style(bold: true, reverse: true), heading: Style(bold: true),
        field: Style(underline: true), marker: Style(reverse: true),
        roles: [
            .plain: Style(), .dim: Style(dim: true), .time: Style(dim: true), .daySeparator: Style(dim: true),
            .unreadMarker: Style(bold: true, reverse: true), .client: Style(bold: true), .agent: Style(),
            .you: Style(bold: true), .system: Style(italic: true), .body: Style(),
            .systemBody: Style(dim: true, italic: true), .sent: Style(), .pending: Style(dim: true),
            .failed: Style(bold: true, underline: true),
        ])

    public func style(_ role: Role) -> Style { roles[role] ?? Style() }
}
