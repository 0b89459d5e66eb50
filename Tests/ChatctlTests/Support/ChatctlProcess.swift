import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The real `chatctl` binary, built next to this test bundle, run as a child process with a
/// clean environment. Stdout arrives line by line (for `watch`); exits are awaited with a deadline.
final class ChatctlProcess {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
        /// Stdout without its final newline: what `$(chatctl ...)` gives a shell.
        var output: String { stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout }
    }

    static var binary: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("chatctl").path
    }

    let lines = Mailbox<String>()
    let pid: pid_t
    private let exited = Locked(false)
    private let exits = Mailbox<Int32>()
    private let stderrLines = Mailbox<String>()

    /// Starts `chatctl arguments` (or another executable, e.g. a shell running a script
    /// that calls chatctl) with exactly `environment`, feeding `stdin` (or /dev/null).
    init(_ arguments: [String], environment: [String: String], stdin: Data? = nil, executable: String = binary) throws {
        let input = try Spawn.pipe()
        let out = try Spawn.pipe()
        let err = try Spawn.pipe()
        pid = try Spawn.start(
            executable, arguments: arguments, environment: environment, stdin: input.read, stdout: out.write, stderr: err.write)
        for descriptor in [input.read, out.write, err.write] { close(descriptor) }
        let exited = exited
        let exits = exits
        Spawn.whenExits(pid) { status in
            exited.withLock { $0 = true }
            exits.push(status)
        }
        LineReader.start(reading: FileHandle(fileDescriptor: out.read, closeOnDealloc: false), into: lines, keepingNewlines: true)
        LineReader.start(reading: FileHandle(fileDescriptor: err.read, closeOnDealloc: false), into: stderrLines, keepingNewlines: true)
        defer { close(input.write) }
        if let stdin { try Spawn.write(stdin, to: input.write) }
    }

    deinit {
        signal(SIGKILL)
    }

    func signal(_ number: Int32) {
        if !exited.withLock({ $0 }) { kill(pid, number) }
    }

    /// Waits for the exit, collecting what stdout still holds; kills the process at the deadline.
    func finish(timeout: Duration = .seconds(60)) async throws -> Result {
        do {
            let status = try await exits.next(timeout: timeout, waitingFor: "chatctl to exit") ?? -1
            var stdout = ""
            while let line = try await lines.next(timeout: .seconds(10), waitingFor: "chatctl's stdout") {
                stdout += line
            }
            var stderr = ""
            while let line = try await stderrLines.next(timeout: .seconds(10), waitingFor: "chatctl's stderr") {
                stderr += line
            }
            return Result(status: status, stdout: stdout, stderr: stderr)
        } catch {
            signal(SIGKILL)
            throw error
        }
    }

    /// Runs `chatctl arguments` to completion.
    static func run(
        _ arguments: [String], environment: [String: String], stdin: Data? = nil, timeout: Duration = .seconds(60)
    ) async throws -> Result {
        try await ChatctlProcess(arguments, environment: environment, stdin: stdin).finish(timeout: timeout)
    }
}
