import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program running in a detached tmux session of a given size, on a private tmux server:
/// tests type into it with `send-keys` and read the screen with `capture-pane`, waiting on
/// screen content with deadlines instead of sleeping.
///
/// The tmux server (and the program in it) is killed when the session goes away.
public final class TmuxSession: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    private let socket: String
    private let socketPath: String
    private let directory: String

    /// Starts `arguments` (an executable and its arguments) in a `width`×`height` session,
    /// with `environment` set for it; the pane stays after the program exits.
    public init(_ arguments: [String], environment: [String: String], width: Int = 120, height: Int = 40) throws {
        socket = "chat-tui-test-\(UUID().uuidString.prefix(8))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/tmux.conf"
        try "set -g remain-on-exit on\nset -g history-limit 0\n".write(toFile: config, atomically: true, encoding: .utf8)
        // The shell records the program's exit status in a file: tmux itself sometimes fails to
        // reap a pane's process when many servers run at once, leaving `pane_dead` at 0.
        // `trap true` keeps the shell alive through the Ctrl-C meant for the program.
        let statusFile = directory + "/exit-status"
        let command = "trap true INT TERM HUP; " + arguments.map(Self.quote).joined(separator: " ")
            + "; status=$?; stty -a > " + Self.quote(directory + "/modes-after-exit") + " 2>&1; echo $status > " + Self.quote(statusFile)
        var tmuxArguments = ["-f", config, "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)"]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { tmuxArguments += ["-e", "\(name)=\(value)"] }
        try Self.run(tmuxArguments + [command], socket: socket, directory: directory)
        socketPath = try Self.run(["display-message", "-p", "#{socket_path}"], socket: socket, directory: directory)
            .trimmingCharacters(in: .newlines)
    }

    deinit {
        _ = try? run(["kill-server"])
        unlink(socketPath)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Kills the tmux server: the program's terminal goes away under it, as when an SSH
    /// connection drops. `exitStatus()` still tells how the program ended.
    public func killServer() throws {
        try run(["kill-server"])
    }

    /// A value of the pane, as a tmux format says (`#{alternate_on}`, `#{pane_tty}`, ...).
    public func pane(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", "main", format]).trimmingCharacters(in: .newlines)
    }

    /// The program's process id: the child of the pane's shell.
    public func programPID() throws -> pid_t? {
        guard let shell = pid_t(try pane("#{pane_pid}")) else { return nil }
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == shell { return pid }
        }
        return nil
    }

    /// The terminal's modes as `stty -a` printed them in the pane once the program had
    /// exited (what the user's shell gets back); nil while it runs.
    public func modesAfterExit() -> String? {
        try? String(contentsOfFile: directory + "/modes-after-exit", encoding: .utf8)
    }

    /// The screen as text, one line per row.
    public func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", "main"])
    }

    /// Presses keys by tmux name (`Enter`, `Escape`, `PageUp`, `C-c`, `M-Enter`) or as
    /// single characters, a moment apart as a person would, so Escape is not read as Alt.
    public func press(_ keys: String...) async throws {
        for key in keys {
            try run(["send-keys", "-t", "main", key])
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Presses Escape alone, then waits until the screen shows what it did (`what`,
    /// `predicate`). A key that follows it within the same read is taken for Alt plus that
    /// key, as terminals send Alt; a busy program reads slowly, so a fixed pause is not enough.
    public func pressEscape(until what: String, _ predicate: (String) -> Bool) async throws {
        try await press("Escape")
        try await waitForScreen(what, predicate)
    }

    /// Types `text` literally.
    public func type(_ text: String) throws {
        try run(["send-keys", "-t", "main", "-l", text])
    }

    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pane's title as the program set it (escape sequences can change it).
    public func paneTitle() throws -> String {
        try run(["display-message", "-p", "-t", "main", "#{pane_title}"]).trimmingCharacters(in: .newlines)
    }

    /// The program's exit status once it has exited, nil while it runs.
    public func exitStatus() throws -> Int32? {
        guard let text = try? String(contentsOfFile: directory + "/exit-status", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the screen until `predicate` holds; throws with the last screen after `timeout`.
    @discardableResult
    public func waitForScreen(
        _ what: String, timeout: Duration = .seconds(30), _ predicate: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "timed out after \(timeout) waiting for \(what); the screen was:\n\(screen)")
    }

    /// Polls the screen until it contains every one of `texts`.
    @discardableResult
    public func waitFor(_ texts: String..., timeout: Duration = .seconds(30)) async throws -> String {
        try await waitForScreen(texts.map { "“\($0)”" }.joined(separator: " and "), timeout: timeout) { screen in
            texts.allSatisfy(screen.contains)
        }
    }

    /// Waits for the program to exit; returns its status.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = try exitStatus() { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the program did not exit within \(timeout); the screen was:\n\(try capture())")
    }

    /// Runs a tmux command on this session's server and returns its output.
    ///
    /// tmux is spawned with an empty signal mask and default signal handlers (`Spawn`): the
    /// test runner's threads block most signals, which would leave the tmux server (and the
    /// program in it) deaf to SIGCHLD, SIGWINCH and SIGTERM. Output goes through files, not
    /// pipes, because the server that `new-session` starts keeps its standard streams open.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        try Self.run(arguments, socket: socket, directory: directory)
    }

    @discardableResult
    private static func run(_ arguments: [String], socket: String, directory: String) throws -> String {
        let output = directory + "/out-\(UUID().uuidString)"
        let errors = output + ".err"
        defer {
            unlink(output)
            unlink(errors)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["LANG"] = "C.UTF-8"
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let out = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let err = open(errors, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            for descriptor in [input, out, err] where descriptor >= 0 { close(descriptor) }
        }
        guard input >= 0, out >= 0, err >= 0 else {
            throw Failure(description: "cannot open tmux's output files in \(directory)")
        }
        let pid = try Spawn.start(
            "tmux", arguments: ["-u", "-L", socket] + arguments, environment: environment, stdin: input, stdout: out,
            stderr: err, ownProcessGroup: false)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let errorText = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux \(arguments.first ?? "") failed (status \(status)): \(errorText)")
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Single-quotes `text` for the shell tmux runs the command with.
    private static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
