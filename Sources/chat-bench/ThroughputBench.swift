import ChatClientKit
import Foundation

/// Messages per second through the whole path (client → server → SQLite → broadcast →
/// client): `messages` sent as fast as the client allows over `connections` sockets of one
/// user (one client, one outbox), timed from the first send to the last echo.
struct ThroughputBench {
    struct Result: Codable, Sendable {
        let connections: Int
        let messages: Int
        let seconds: Double
        let perSecond: Double

        enum CodingKeys: String, CodingKey {
            case connections, messages, seconds
            case perSecond = "per_second"
        }
    }

    let connections: Int
    let messages: Int

    func run(_ rig: BenchRig) async throws -> Result {
        let conversations = try await rig.conversations(connections)
        let fleet = try await rig.connectedFleet("throughput-\(connections)", count: connections, oneUser: true) {
            conversations[$0]
        }
        let perConnection = max(1, messages / connections)
        let start = Stopwatch.now
        for (index, session) in fleet.sessions.enumerated() {
            try await withTaskExecutorPreference(session.executor) {
                for sequence in 0..<perConnection { try await fleet.send("throughput \(index)-\(sequence)", on: index) }
            }
        }
        let total = perConnection * connections
        let finished = await fleet.wait(timeout: 300) { fleet.deliveries.count { $0.echoedAt != nil } == total }
        let end = fleet.deliveries.compactMap(\.echoedAt).max() ?? Stopwatch.now
        await fleet.close()
        guard finished else { throw BenchFailure("throughput: not every message was echoed within 300 s") }
        let seconds = end - start
        return Result(connections: connections, messages: total, seconds: seconds, perSecond: Double(total) / seconds)
    }
}
