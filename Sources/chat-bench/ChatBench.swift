import ArgumentParser
import Foundation

@main
struct ChatBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bench",
        abstract: "Measure latency, throughput, scale, reconnect storms and TUI rendering.",
        discussion: """
            Build it and the server in release mode first: swift build -c release

            By default it spawns chat-server (the binary beside it) on a free loopback port with a \
            fresh database and rate limits raised. --server URL measures a deployed server instead \
            (token in CHAT_TOKEN; all clients are then the same user and its limits apply).

            A full default run takes under 3 minutes on 2 cores.

            --instances 2 (or --only cluster) adds the cluster section: latency and throughput with \
            several chat-server instances on one PostgreSQL database, the two clients of each \
            latency pair on different instances. --db names the database; without it a throwaway \
            PostgreSQL cluster is started (initdb and pg_ctl must be installed).
            """)

    enum Section: String, CaseIterable, ExpressibleByArgument {
        case latency, throughput, scale, storm, render, cluster

        /// What runs without `--only`: everything but the cluster, which needs PostgreSQL.
        static let standard: [Section] = [.latency, .throughput, .scale, .storm, .render]
    }

    @Option(help: "Measure this server instead of spawning one (token in CHAT_TOKEN).")
    var server: String?

    @Option(help: "Latency: concurrent clients (in pairs sharing a conversation).")
    var clients = 100

    @Option(help: "Latency: messages per second each client sends.")
    var rate = 2.0

    @Option(help: "Latency: seconds of sending.")
    var seconds = 10.0

    @Option(help: "Throughput: messages per run.")
    var messages = 2000

    @Option(help: "Throughput: connections of the parallel run.")
    var connections = 50

    @Option(parsing: .upToNextOption, help: "Scale: socket counts to open.")
    var scale: [Int] = [1000, 5000, 10000]

    @Option(help: "Reconnect storm: connected clients.")
    var stormClients = 500

    @Option(help: "TUI render: messages in the rendered conversation.")
    var renderMessages = 100_000

    @Option(help: "TUI render: conversations in the rendered list.")
    var renderConversations = 10_000

    @Option(help: "Cluster: chat-server instances on one PostgreSQL database (2 or more adds the cluster section).")
    var instances = 1

    @Option(help: "Cluster: the PostgreSQL database, postgres://user[:password]@host:port/database (default: a throwaway cluster).")
    var db: String?

    @Option(parsing: .upToNextOption, help: "Run only these sections (\(Section.allCases.map(\.rawValue).joined(separator: ", "))).")
    var only: [Section] = Section.standard

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: .hidden)
    var inThisProcess = false

    @Option(help: .hidden)
    var serverPID: Int32?

    func validate() throws {
        guard clients >= 2, rate > 0, seconds > 0, messages > 0, connections > 0, stormClients > 0 else {
            throw ValidationError("counts, rates and durations must be positive (and --clients at least 2)")
        }
        guard scale.allSatisfy({ $0 > 0 }), renderMessages > 0, renderConversations > 0 else {
            throw ValidationError("--scale, --render-messages and --render-conversations must be positive")
        }
        guard instances >= 1 else { throw ValidationError("--instances must be at least 1") }
        if let db, !(db.hasPrefix("postgres://") || db.hasPrefix("postgresql://")) {
            throw ValidationError("--db must be a postgres:// URL")
        }
    }

    /// The sections to run: `--only`, plus the cluster when `--instances` asks for one.
    var sections: [Section] {
        instances > 1 && !only.contains(.cluster) ? only + [.cluster] : only
    }

    func run() async throws {
        let limit = ProcessStats.raiseOpenFileLimit()
        if let largest = scale.max(), only.contains(.scale), largest + 512 > limit {
            throw ValidationError("--scale \(largest) needs more open files than the limit \(limit) allows")
        }
        var report = BenchReport()
        if only.contains(.render) {
            progress("render")
            report.render = [
                try RenderBench.conversation(messages: renderMessages),
                try RenderBench.list(conversations: renderConversations),
            ]
        }
        let network = sections.filter { $0 != .render && $0 != .cluster }
        if !network.isEmpty {
            let rig = try await BenchRig.start(serverURL: server, serverPID: serverPID)
            report.server = server ?? "chat-server spawned on \(rig.server), fresh database, rate limits raised"
            do {
                if network.contains(.latency) {
                    progress("latency")
                    report.latency = try await LatencyBench(clients: clients, rate: rate, seconds: seconds).run(rig)
                }
                if network.contains(.throughput) {
                    for count in [1, connections] {
                        progress("throughput, \(count) connection(s)")
                        report.throughput.append(try await ThroughputBench(connections: count, messages: messages).run(rig))
                    }
                }
                if network.contains(.scale) {
                    for sockets in scale {
                        if inThisProcess {
                            report.scale.append(try await ScaleBench(sockets: sockets).run(rig))
                        } else {
                            progress("scale, \(sockets) sockets, in a fresh process")
                            report.scale.append(try await FreshProcess.scale(sockets: sockets, rig: rig))
                        }
                    }
                }
                if network.contains(.storm) {
                    progress("reconnect storm")
                    report.storm = try await StormBench(clients: stormClients).run(rig)
                }
            } catch {
                await rig.shutdown()
                throw error
            }
            await rig.shutdown()
        }
        if sections.contains(.cluster) {
            report.cluster = try await clusterSection()
            if report.server.isEmpty { report.server = "(only the cluster section ran)" }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table, terminator: "")
        }
    }

    /// Latency and throughput with `instances` (at least 2) instances on one PostgreSQL database.
    private func clusterSection() async throws -> ClusterResult {
        let count = max(2, instances)
        progress("cluster: starting \(count) instances on PostgreSQL")
        let rig = try await BenchRig.startCluster(instances: count, databaseURL: db)
        do {
            progress("cluster latency")
            let latency = try await LatencyBench(clients: clients, rate: rate, seconds: seconds).run(rig)
            var throughput: [ThroughputBench.Result] = []
            for connections in [count, max(count, connections)] {
                progress("cluster throughput, \(connections) connections")
                throughput.append(try await ThroughputBench(connections: connections, messages: messages).run(rig))
            }
            await rig.shutdown()
            return ClusterResult(
                instances: count, database: db.map(ClusterResult.redacted) ?? "throwaway PostgreSQL cluster, default settings",
                latency: latency, throughput: throughput)
        } catch {
            await rig.shutdown()
            throw error
        }
    }

    private func progress(_ section: String) {
        FileHandle.standardError.write(Data("chat-bench: \(section)…\n".utf8))
    }
}
