import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A launched process with its stdout delivered line by line and its exit awaitable with a deadline.
public final class ChildProcess: Sendable {
    public let pid: Int32
    /// Lines written to stdout, in order; finished at end of file.
    public let lines = Mailbox<String>()
    private let exitStatus = Locked<Int32?>(nil)
    private let exits = Mailbox<Int32>()
    /// Held open for the child's stdin: when this process dies, the child reads end of file.
    private let stdinWriter: Int32
    private let inputOpen = Locked(true)
    private let killsOnDeinit: Bool

    /// Starts `executable`; stderr goes to `stderrPath` (appended). Unless `killsOnDeinit` is
    /// false, the child is killed when this object goes away (otherwise it only reads end of file).
    public init(
        executable: String, arguments: [String], environment: [String: String], stderrPath: String, killsOnDeinit: Bool = true
    ) throws {
        self.killsOnDeinit = killsOnDeinit
        let stdin = try Spawn.pipe()
        let stdout = try Spawn.pipe()
        let log = open(stderrPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        defer {
            for descriptor in [stdin.read, stdout.write, log] where descriptor >= 0 { close(descriptor) }
        }
        guard log >= 0 else {
            for descriptor in [stdin.write, stdout.read] { close(descriptor) }
            throw Spawn.Failure(description: "cannot open \(stderrPath): \(String(cString: strerror(errno)))")
        }
        do {
            pid = try Spawn.start(
                executable, arguments: arguments, environment: environment, stdin: stdin.read, stdout: stdout.write,
                stderr: log)
        } catch {
            for descriptor in [stdin.write, stdout.read] { close(descriptor) }
            throw error
        }
        stdinWriter = stdin.write
        let exitStatus = self.exitStatus
        let exits = self.exits
        Spawn.whenExits(pid) { status in
            exitStatus.withLock { $0 = status }
            exits.push(status)
        }
        LineReader.start(reading: FileHandle(fileDescriptor: stdout.read, closeOnDealloc: false), into: lines)
    }

    deinit {
        if killsOnDeinit, exitStatus.withLock({ $0 }) == nil {
            kill(pid, SIGKILL)
        }
        closeInput()
    }

    public var hasExited: Bool { exitStatus.withLock { $0 } != nil }

    /// Closes the child's standard input: it reads end of file.
    public func closeInput() {
        let wasOpen = inputOpen.withLock { open in
            defer { open = false }
            return open
        }
        if wasOpen { close(stdinWriter) }
    }

    /// Writes a line to the child's standard input.
    public func send(line: String) throws {
        try inputOpen.withLock { open in
            guard open else { throw Spawn.Failure(description: "the child's input is closed") }
            try Spawn.write(Data((line + "\n").utf8), to: stdinWriter)
        }
    }

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
