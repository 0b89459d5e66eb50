import Foundation

/// Everything one run measured, printed as a table or as JSON.
struct BenchReport: Codable, Sendable {
    var machine = ProcessStats.machine
    var commandLine = CommandLine.arguments.joined(separator: " ")
    var server = ""
    var latency: LatencyBench.Result?
    var throughput: [ThroughputBench.Result] = []
    var scale: [ScaleBench.Result] = []
    var storm: StormBench.Result?
    var render: [RenderBench.Result] = []
    var cluster: ClusterResult?

    enum CodingKeys: String, CodingKey {
        case machine, server, latency, throughput, scale, storm, render, cluster
        case commandLine = "command_line"
    }

    /// The seeds' targets, printed beside the numbers.
    static let targets = """
        seed targets: 1000+ concurrent WebSocket connections; message latency < 100 ms; \
        < 512 MB per 1000 connections
        """

    var table: String {
        var out = "chat-bench — \(machine.cores) cores, \(String(format: "%.1f", machine.memoryGiB)) GiB RAM, \(machine.cpu)\n"
        out += "server: \(server)\n\(Self.targets)\n"
        if let latency {
            out += "\nlatency — \(latency.clients) clients × \(fmt(latency.ratePerClient)) msg/s × \(fmt(latency.seconds)) s"
            out += ", \(latency.sent) messages, \(latency.lost) lost\n"
            out += row(["", "p50", "p99", "p99.9", "max"], widths: [22, 10, 10, 10, 10])
            for (name, d) in [("send → own echo", latency.echo), ("send → other client", latency.receipt)] {
                out += row([name, ms(d.p50), ms(d.p99), ms(d.p999), ms(d.max)], widths: [22, 10, 10, 10, 10])
            }
        }
        if !throughput.isEmpty {
            out += "\nthroughput (client → server → SQLite → broadcast → client)\n"
            out += row(["connections", "messages", "seconds", "msg/s"], widths: [12, 10, 10, 10])
            for t in throughput {
                out += row(["\(t.connections)", "\(t.messages)", fmt(t.seconds), fmt(t.perSecond, 0)], widths: [12, 10, 10, 10])
            }
        }
        if !scale.isEmpty {
            out += "\nscale (concurrent WebSocket sessions)\n"
            out += row(["sockets", "open s", "client KiB/socket", "server KiB/socket", "MB per 1000 (both)", "answered"],
                       widths: [9, 8, 19, 19, 20, 10])
            for s in scale {
                let server = s.serverBytesPerSocket.map { fmt($0 / 1024) } ?? "n/a"
                let per1000 = (s.clientBytesPerSocket + (s.serverBytesPerSocket ?? 0)) * 1000 / 1_048_576
                out += row(["\(s.sockets)", fmt(s.openSeconds), fmt(s.clientBytesPerSocket / 1024), server, fmt(per1000),
                            "\(s.answered)/\(s.sockets)"], widths: [9, 8, 19, 19, 20, 10])
            }
        }
        if let storm {
            out += "\nreconnect storm — \(storm.clients) clients, server killed and restarted\n"
            out += "  all back with empty outboxes after \(fmt(storm.recoverySeconds)) s; "
            out += "peak \(storm.peakAttemptsPerSecond) connection attempts/s\n"
            out += "  queued \(storm.queued), stored \(storm.stored), duplicated \(storm.duplicates), lost \(storm.lost)\n"
        }
        if let cluster {
            let latency = cluster.latency
            out += "\ncluster — \(cluster.instances) instances on \(cluster.database); each latency pair spans two instances\n"
            out += "latency — \(latency.clients) clients × \(fmt(latency.ratePerClient)) msg/s × \(fmt(latency.seconds)) s"
            out += ", \(latency.sent) messages, \(latency.lost) lost\n"
            out += row(["", "p50", "p99", "p99.9", "max"], widths: [30, 10, 10, 10, 10])
            for (name, d) in [("send → own echo (same inst.)", latency.echo), ("send → other client (other)", latency.receipt)] {
                out += row([name, ms(d.p50), ms(d.p99), ms(d.p999), ms(d.max)], widths: [30, 10, 10, 10, 10])
            }
            out += "throughput (client → instance → PostgreSQL → NOTIFY → instances → client)\n"
            out += row(["connections", "messages", "seconds", "msg/s"], widths: [12, 10, 10, 10])
            for t in cluster.throughput {
                out += row(["\(t.connections)", "\(t.messages)", fmt(t.seconds), fmt(t.perSecond, 0)], widths: [12, 10, 10, 10])
            }
        }
        if !render.isEmpty {
            out += "\nTUI render (one frame, in memory)\n"
            out += row(["scene", "frame ms", "memory MB"], widths: [38, 10, 10])
            for r in render { out += row([r.scene, fmt(r.frameMilliseconds, 3), fmt(r.memoryMegabytes)], widths: [38, 10, 10]) }
        }
        return out
    }

    private func row(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
        }.joined().replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
    }

    private func fmt(_ value: Double, _ decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }
    private func ms(_ value: Double) -> String { fmt(value) + " ms" }
}
