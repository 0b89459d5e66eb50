import Foundation
import Testing
import TestSupport

/// Runs the real `chat-bench` with tiny parameters and checks that its report is well formed
/// and its correctness counters hold — never its timings, which depend on the machine.
@Suite(.live, .timeLimit(.minutes(5)))
struct ChatBenchSmokeTests {
    static let arguments = [
        "--clients", "4", "--rate", "5", "--seconds", "1", "--messages", "20", "--connections", "2",
        "--scale", "20", "40", "--storm-clients", "4", "--render-messages", "300", "--render-conversations", "50",
    ]

    func run(_ extra: [String]) async throws -> (status: Int32, stdout: String) {
        let binary = URL(fileURLWithPath: try ServerBinary.path()).deletingLastPathComponent()
            .appendingPathComponent("chat-bench").path
        let process = try ChildProcess(
            executable: binary, arguments: Self.arguments + extra, environment: ProcessInfo.processInfo.environment,
            stderrPath: FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-\(UUID()).log").path)
        var lines: [String] = []
        while let line = try await process.lines.next(timeout: .seconds(150), waitingFor: "chat-bench's report") {
            lines.append(line)
        }
        return (try await process.waitForExit(timeout: .seconds(30)), lines.joined(separator: "\n"))
    }

    @Test func jsonReportIsWellFormed() async throws {
        let (status, stdout) = try await run(["--json"])
        #expect(status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let machine = try #require(report["machine"] as? [String: Any])
        #expect((machine["cores"] as? Int ?? 0) > 0)
        #expect((report["command_line"] as? String)?.contains("--clients 4") == true)

        let latency = try #require(report["latency"] as? [String: Any])
        #expect(latency["clients"] as? Int == 4)
        #expect(latency["lost"] as? Int == 0)
        for key in ["echo", "receipt"] {
            let distribution = try #require(latency[key] as? [String: Any])
            #expect(Set(distribution.keys) == ["count", "p50", "p99", "p99_9", "max"])
            #expect(distribution["count"] as? Int == latency["sent"] as? Int)
        }

        let throughput = try #require(report["throughput"] as? [[String: Any]])
        #expect(throughput.map { $0["connections"] as? Int } == [1, 2])
        #expect(throughput.allSatisfy { ($0["per_second"] as? Double ?? 0) > 0 })

        let scale = try #require(report["scale"] as? [[String: Any]])
        #expect(scale.map { $0["sockets"] as? Int } == [20, 40])
        #expect(scale.allSatisfy { $0["answered"] as? Int == $0["sockets"] as? Int }, "every socket answered")
        #expect(scale.allSatisfy { $0["server_bytes_per_socket"] is Double }, "each size's fresh process reads the server's memory too")

        let storm = try #require(report["storm"] as? [String: Any])
        #expect(storm["queued"] as? Int == 4)
        #expect(storm["stored"] as? Int == 4)
        #expect(storm["duplicates"] as? Int == 0)
        #expect(storm["lost"] as? Int == 0)

        let render = try #require(report["render"] as? [[String: Any]])
        #expect(render.map { $0["scene"] as? String } == ["conversation of 300 (300 held)", "list of 50 (50 held)"])
    }

    @Test func tableReportNamesEverySectionAndTheSeedTargets() async throws {
        let (status, stdout) = try await run(["--only", "render"])
        #expect(status == 0)
        #expect(stdout.contains("seed targets: 1000+ concurrent WebSocket connections"))
        #expect(stdout.contains("TUI render (one frame, in memory)"))
        #expect(stdout.contains("conversation of 300 (300 held)"))
    }

    @Test func clusterSectionRunsTwoInstancesOnAThrowawayPostgreSQL() async throws {
        let (status, stdout) = try await run(["--only", "cluster", "--instances", "2", "--json"])
        #expect(status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let cluster = try #require(report["cluster"] as? [String: Any])
        #expect(cluster["instances"] as? Int == 2)
        let latency = try #require(cluster["latency"] as? [String: Any])
        #expect(latency["lost"] as? Int == 0)
        #expect((latency["receipt"] as? [String: Any])?["count"] as? Int == latency["sent"] as? Int)
        let throughput = try #require(cluster["throughput"] as? [[String: Any]])
        #expect(throughput.map { $0["connections"] as? Int } == [2, 2])
        #expect(throughput.allSatisfy { ($0["per_second"] as? Double ?? 0) > 0 })
        #expect(report["latency"] == nil, "only the cluster ran")
    }

    @Test func badFlagsAreRefused() async throws {
        let (status, _) = try await run(["--clients", "0"])
        #expect(status == 64)
    }
}
