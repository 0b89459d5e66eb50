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
    private let process: Process
    private let exits = Mailbox<Int32>()
    private let stderrText = Mailbox<String>()

    /// Starts `chatctl arguments` (or another executable, e.g. a shell running a script
    /// that calls chatctl) with exactly `environment`, feeding `stdin` (or /dev/null).
    init(_ arguments: [String], environment: [String: String], stdin: Data? = nil, executable: String = binary) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle(forReadingAtPath: "/dev/null") : input
        let exits = exits
        process.terminationHandler = { exits.push($0.terminationStatus) }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        LineReader.start(reading: out.fileHandleForReading, into: lines, keepingNewlines: true)
        let stderrText = stderrText
        let errHandle = err.fileHandleForReading
        Thread { stderrText.push(String(decoding: errHandle.readDataToEndOfFile(), as: UTF8.self)) }.start()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// Waits for the exit, collecting what stdout still holds; kills the process at the deadline.
    func finish(timeout: Duration = .seconds(60)) async throws -> Result {
        do {
            let status = try await exits.next(timeout: timeout, waitingFor: "chatctl to exit") ?? -1
            var stdout = ""
            while let line = try await lines.next(timeout: .seconds(10), waitingFor: "chatctl's stdout") {
                stdout += line
            }
            let stderr = try await stderrText.next(timeout: .seconds(10), waitingFor: "chatctl's stderr") ?? ""
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
