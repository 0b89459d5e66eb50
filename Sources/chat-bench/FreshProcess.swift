import ChatClientKit
import Foundation
import ServerHarness

/// Runs one scale size in a fresh chat-bench process against the rig's server, so what an
/// earlier size allocated (and the allocator kept) does not count against the next one.
enum FreshProcess {
    static func scale(sockets: Int, rig: BenchRig) async throws -> ScaleBench.Result {
        var arguments = ["--server", rig.server.description, "--only", "scale", "--scale", "\(sockets)", "--json", "--in-this-process"]
        if let pid = rig.spawned?.pid { arguments += ["--server-pid", "\(pid)"] }
        var environment = ProcessInfo.processInfo.environment
        environment["CHAT_TOKEN"] = try rig.sharedToken()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-scale-\(sockets)-\(UUID()).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try ChildProcess(
            executable: try executablePath(), arguments: arguments, environment: environment, stderrPath: log)
        var output = ""
        while let line = try await child.lines.next(timeout: .seconds(600), waitingFor: "chat-bench scale \(sockets)") {
            output += line + "\n"
        }
        let status = try await child.waitForExit(timeout: .seconds(60))
        let report = try? JSONDecoder().decode(BenchReport.self, from: Data(output.utf8))
        guard status == 0, let result = report?.scale.first else {
            let errors = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw BenchFailure("the scale run of \(sockets) sockets failed (exit \(status)): \(errors.suffix(2_000))")
        }
        return result
    }

    /// This program's own binary.
    private static func executablePath() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
