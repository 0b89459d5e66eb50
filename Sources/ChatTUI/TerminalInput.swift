/// One unit read from the terminal: a Unicode scalar, or a key the terminal library
/// already recognised (arrows, function keys, mouse).
public enum TerminalInput: Hashable, Sendable {
    case scalar(Unicode.Scalar)
    case key(Key)
}
