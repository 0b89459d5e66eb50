import Foundation

/// Runs the `chat-server` binary to completion (for CLI tests) and captures its output.
public enum ServerCommand {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// `chat-server <arguments>` with `environment` replacing the inherited one's keys.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-server-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "CHAT_SERVER_SECRET")
        merged.merge(environment) { $1 }
        let stderrPath = directory.appendingPathComponent("stderr").path
        let child = try ChildProcess(
            executable: try ServerBinary.path(), arguments: arguments, environment: merged, stderrPath: stderrPath)
        var lines: [String] = []
        while let line = try await child.lines.next(timeout: timeout, waitingFor: "chat-server \(arguments.first ?? "")") {
            lines.append(line)
        }
        let status = try await child.waitForExit(timeout: timeout)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Result(status: status, stdout: lines.joined(separator: "\n"), stderr: stderr)
    }
}
