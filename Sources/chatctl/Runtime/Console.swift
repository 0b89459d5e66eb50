import Foundation
import TerminalText

/// The process's standard streams, written with `write(2)` so every call reaches the
/// file descriptor at once (a `watch` line is flushed when its call returns).
enum Console {
    static func out(_ text: String) {
        write(STDOUT_FILENO, text)
    }

    static func err(_ text: String) {
        write(STDERR_FILENO, text)
    }

    /// `chatctl: <sentence>` on stderr, made terminal-safe.
    static func fail(_ sentence: String) {
        err("chatctl: " + TerminalSafe.line(sentence) + "\n")
    }

    /// A notice for people (a cut listing, an empty result) on stderr, made terminal-safe.
    static func note(_ sentence: String) {
        err(TerminalSafe.line(sentence) + "\n")
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// The terminal's width when stdout is one, else `$COLUMNS`, else nil (no limit).
    static func columns(environment: [String: String]) -> Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let written = Foundation.write(descriptor, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                next += written
                left -= written
            }
        }
    }
}
