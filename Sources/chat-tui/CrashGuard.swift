import Foundation

/// Puts the terminal back when chat-tui dies of a fatal signal (a crash, a Swift trap, or a
/// `kill -SEGV`): the handler leaves the alternate screen, shows the cursor, ends bracketed
/// paste and keypad mode, restores the terminal modes saved before ncurses changed them and
/// says what happened, using only async-signal-safe calls. Then the signal takes its default
/// action, or, when `SWIFT_BACKTRACE` is set, goes on to Swift's backtracer (which then
/// reports as that variable says, e.g. `output-to=stderr`: into the log file).
enum CrashGuard {
    static let signals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Saves the terminal's modes and installs the handlers. Call before ncurses starts.
    static func install(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard tcgetattr(STDIN_FILENO, &crashGuardModes) == 0 else { return }
        _ = crashGuardNotice.count  // initialized here, not lazily inside a handler
        let chain = environment["SWIFT_BACKTRACE"] != nil
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashGuardHandler
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, crashGuardPrevious + Int(number))
            crashGuardOnward[Int(number)] = chain ? crashGuardPrevious[Int(number)] : sigaction()
        }
    }

    /// Takes the handlers away again (the terminal was restored the normal way).
    static func uninstall() {
        for number in signals { sigaction(number, crashGuardPrevious + Int(number), nil) }
    }
}

/// Leave the alternate screen, show the cursor, end bracketed paste, keypad application mode
/// and attributes; then one line for the user.
private let crashGuardNotice = Array(
    ("\u{1B}[?1049l\u{1B}[?25h\u{1B}[?2004l\u{1B}[?1l\u{1B}>\u{1B}[0m\r\n"
        + "chat-tui crashed (a fatal signal); the terminal is restored. The log file shows what came before.\r\n").utf8)
nonisolated(unsafe) private var crashGuardModes = termios()

/// Signal-indexed tables, allocated once (a handler must not allocate): the handlers there
/// before, and what each signal does after ours (the default action, or the one before).
nonisolated(unsafe) private let crashGuardPrevious = crashGuardTable()
nonisolated(unsafe) private let crashGuardOnward = crashGuardTable()

private func crashGuardTable() -> UnsafeMutablePointer<sigaction> {
    let table = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    table.initialize(repeating: .init(), count: 65)
    return table
}

private func crashGuardHandler(_ number: Int32) {
    crashGuardNotice.withUnsafeBytes { bytes in _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count) }
    tcsetattr(STDIN_FILENO, TCSANOW, &crashGuardModes)
    sigaction(number, crashGuardOnward + Int(number), nil)
    raise(number)
}
