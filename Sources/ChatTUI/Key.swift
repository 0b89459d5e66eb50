/// A key press or mouse action, decoded from what the terminal sent.
public enum Key: Hashable, Sendable {
    /// A printable character (never a control character).
    case character(Character)
    /// Ctrl plus a letter, given in lowercase (`.control("a")` is Ctrl-A).
    case control(Character)
    /// Alt (Meta) plus a printable character.
    case alt(Character)
    case enter
    case altEnter
    case tab
    case backTab
    case backspace
    case altBackspace
    case delete
    case escape
    case up, down, left, right
    case home, end, pageUp, pageDown
    /// Text pasted while the terminal's bracketed-paste mode was on: inserted as is,
    /// line breaks included, never interpreted as commands.
    case paste(String)
    case wheelUp(x: Int, y: Int)
    case wheelDown(x: Int, y: Int)
    case click(x: Int, y: Int)
}
