import CNcursesw
import ChatTUI
import Foundation
import TerminalText

/// The ncurses backend: sets the terminal up, reads input, draws the cells that changed
/// since the last frame, and puts everything back on `restore()`.
///
/// ncurses is not thread-safe: create and use this on one thread only.
final class Terminal {
    private(set) var width: Int
    private(set) var height: Int
    private let screen: OpaquePointer
    /// Whether colors are in use (wanted, and the terminal has them).
    let hasColors: Bool
    private var previous = ScreenBuffer(width: 0, height: 0)
    private var pairs: [PairKey: Int16] = [:]
    private var cursorVisible = false

    private struct PairKey: Hashable {
        let foreground: Color?
        let background: Color?
    }

    /// Why the terminal cannot be used.
    struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    /// Takes over the terminal. `colors` is the wish; it holds only if the terminal has colors.
    init(colors wantColors: Bool, mouse: Bool) throws(Unusable) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Unusable(description: "standard input and output must be a terminal")
        }
        guard let screen = chat_newterm() else {
            let name = ProcessInfo.processInfo.environment["TERM"] ?? ""
            throw Unusable(description: "the terminal type '\(name)' (TERM) is unknown or cannot be used")
        }
        self.screen = screen
        raw()
        noecho()
        nonl()
        keypad(chat_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        hasColors = wantColors && has_colors()
        if hasColors {
            start_color()
            use_default_colors()
        }
        if mouse {
            mouseinterval(0)
            mousemask(chat_mouse_wheel_up() | chat_mouse_wheel_down() | chat_mouse_click(), nil)
        }
        Self.writeRaw("\u{1B}[?2004h")  // bracketed paste
        var rows: Int32 = 0
        var columns: Int32 = 0
        chat_screen_size(&rows, &columns)
        width = Int(columns)
        height = Int(rows)
    }

    /// Gives the terminal back as it was.
    func restore() {
        Self.writeRaw("\u{1B}[?2004l")
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    /// What one read produced.
    struct Input {
        var units: [TerminalInput] = []
        /// The new size, when the terminal was resized.
        var resized: (width: Int, height: Int)?
    }

    /// Waits up to `timeout` milliseconds for input, then takes everything else already readable.
    func read(timeout: Int32) -> Input {
        var input = Input()
        wtimeout(chat_stdscr(), timeout)
        defer { wtimeout(chat_stdscr(), timeout) }
        while input.units.count < 65_536 {
            var character: wint_t = 0
            let status = wget_wch(chat_stdscr(), &character)
            if status == ERR { break }
            wtimeout(chat_stdscr(), 0)
            if status == KEY_CODE_YES {
                if Int32(character) == KEY_RESIZE {
                    var rows: Int32 = 0
                    var columns: Int32 = 0
                    chat_screen_size(&rows, &columns)
                    width = Int(columns)
                    height = Int(rows)
                    input.resized = (width, height)
                } else if let key = key(forCode: Int32(character)) {
                    input.units.append(.key(key))
                }
            } else if let scalar = Unicode.Scalar(UInt32(character)) {
                input.units.append(.scalar(scalar))
            }
        }
        return input
    }

    /// True once the terminal is gone (its pty closed: an SSH session or a tmux server that
    /// died without a hangup reaching us). Reads then fail at once instead of waiting.
    var isGone: Bool {
        var attributes = termios()
        return tcgetattr(STDIN_FILENO, &attributes) != 0 && errno == EIO
    }

    /// Draws the cells of `buffer` that differ from the last frame, then places the cursor.
    func draw(_ buffer: ScreenBuffer, cursor: CursorPosition?) {
        for change in buffer.diff(from: previous) {
            put(change.cell, x: change.x, y: change.y)
        }
        previous = buffer
        if let cursor {
            if !cursorVisible { curs_set(1) }
            wmove(chat_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            curs_set(0)
        }
        cursorVisible = cursor != nil
        wrefresh(chat_stdscr())
    }

    /// Forgets what is on screen so the next frame repaints everything (Ctrl-L).
    func invalidate() {
        previous = ScreenBuffer(width: 0, height: 0)
        clearok(chat_curscr(), true)
    }

    func bell() {
        beep()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let (cluster, padding) = TerminalGlyph.fitting(cell.character) { Int(chat_wcwidth(wchar_t(bitPattern: $0.value))) }
        let attributes = attributes(for: cell.style)
        let pair = hasColors ? pair(for: cell.style) : 0
        var wide = cluster.map { wchar_t(bitPattern: $0.value) } + [0]
        _ = chat_put_cluster(Int32(y), Int32(x), &wide, attributes, pair)
        var blank: [wchar_t] = [0x20, 0]
        for offset in 0..<padding {
            _ = chat_put_cluster(Int32(y), Int32(x + 1 + offset), &blank, attributes, pair)
        }
    }

    private func attributes(for style: Style) -> attr_t {
        var attributes = attr_t(0)
        if style.bold { attributes |= chat_attr_bold() }
        if style.dim { attributes |= chat_attr_dim() }
        if style.reverse { attributes |= chat_attr_reverse() }
        if style.underline { attributes |= chat_attr_underline() }
        if style.italic { attributes |= chat_attr_italic() }
        return attributes
    }

    /// The color pair of a style's colors, allocated on first use (pair 0 when they run out).
    private func pair(for style: Style) -> Int16 {
        let key = PairKey(foreground: style.foreground, background: style.background)
        if key.foreground == nil && key.background == nil { return 0 }
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int(next) < chat_color_pairs() else { return 0 }
        init_pair(next, Int16(style.foreground?.rawValue ?? -1), Int16(style.background?.rawValue ?? -1))
        pairs[key] = next
        return next
    }

    private func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_MOUSE: mouseKey()
        default: nil
        }
    }

    private func mouseKey() -> Key? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x)
        let y = Int(event.y)
        if event.bstate & chat_mouse_wheel_up() != 0 { return .wheelUp(x: x, y: y) }
        if event.bstate & chat_mouse_wheel_down() != 0 { return .wheelDown(x: x, y: y) }
        if event.bstate & chat_mouse_click() != 0 { return .click(x: x, y: y) }
        return nil
    }

    /// Writes bytes straight to the terminal (modes ncurses knows nothing about).
    private static func writeRaw(_ text: String) {
        fflush(nil)
        _ = text.utf8CString.withUnsafeBufferPointer { bytes in
            Foundation.write(STDOUT_FILENO, bytes.baseAddress, bytes.count - 1)
        }
    }
}
