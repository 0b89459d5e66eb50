import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A launched process with its stdout delivered line by line and its exit awaitable with a deadline.
public final class ChildProcess: Sendable {
    let process: Locked<Process>
    public let pid: Int32
    /// Lines written to stdout, in order; finished at end of file.
    public let lines = Mailbox<String>()
    private let exitStatus = Locked<Int32?>(nil)
    private let exits = Mailbox<Int32>()
    /// Held open for the child's stdin: when this process dies, the child reads end of file.
    private let stdinWriter: FileHandle

    /// Starts `executable`; stderr goes to `stderrPath` (appended).
    public init(executable: String, arguments: [String], environment: [String: String], stderrPath: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        if !FileManager.default.fileExists(atPath: stderrPath) {
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        log.seekToEndOfFile()
        process.standardError = log
        for handle in [stdin.fileHandleForWriting, stdout.fileHandleForReading] {
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        let exitStatus = self.exitStatus
        let exits = self.exits
        process.terminationHandler = { process in
            exitStatus.withLock { $0 = process.terminationStatus }
            exits.push(process.terminationStatus)
        }
        try process.run()
        try log.close()
        stdinWriter = stdin.fileHandleForWriting
        pid = process.processIdentifier
        self.process = Locked(process)
        LineReader.start(reading: stdout.fileHandleForReading, into: lines)
    }

    deinit {
        if exitStatus.withLock({ $0 }) == nil {
            kill(pid, SIGKILL)
        }
        try? stdinWriter.close()
    }

    public var hasExited: Bool { exitStatus.withLock { $0 } != nil }

    public func signal(_ signal: Int32) {
        if !hasExited {
            kill(pid, signal)
        }
    }

    /// The exit status, waiting up to `timeout`.
    public func waitForExit(timeout: Duration) async throws -> Int32 {
        if let status = exitStatus.withLock({ $0 }) { return status }
        guard let status = try await exits.next(timeout: timeout, waitingFor: "process \(pid) to exit") else {
            return exitStatus.withLock { $0 } ?? -1
        }
        return status
    }

    /// Sends `signal`, then SIGKILL if the process is still alive after `grace`; returns once it exited.
    @discardableResult
    public func terminate(with signal: Int32, grace: Duration = .seconds(30)) async -> Int32 {
        self.signal(signal)
        if let status = try? await waitForExit(timeout: grace) { return status }
        self.signal(SIGKILL)
        return (try? await waitForExit(timeout: .seconds(30))) ?? -1
    }
}
