import ChatClientKit
import Foundation

/// A reconnect storm: `clients` connected sessions, the server is killed, every client
/// queues one message while it is down, and the server comes back on the same port.
/// Measures the time until every client is connected with an empty outbox, the peak of
/// connection attempts per second (jitter at work), and checks that every queued message
/// is stored exactly once.
struct StormBench {
    struct Result: Codable, Sendable {
        let clients: Int
        let recoverySeconds: Double
        let peakAttemptsPerSecond: Int
        let queued: Int
        let stored: Int
        let duplicates: Int
        let lost: Int

        enum CodingKeys: String, CodingKey {
            case clients, queued, stored, duplicates, lost
            case recoverySeconds = "recovery_seconds"
            case peakAttemptsPerSecond = "peak_attempts_per_second"
        }
    }

    let clients: Int

    func run(_ rig: BenchRig) async throws -> Result {
        guard let server = rig.spawned else { throw BenchFailure("the storm needs a server chat-bench spawned itself") }
        let conversations = try await rig.conversations(clients)
        let fleet = try await rig.connectedFleet("storm", count: clients) { conversations[$0] }
        await server.kill()
        _ = await fleet.wait(timeout: 60) { fleet.connectedCount == 0 }
        for index in 0..<clients { try await fleet.send("queued during the outage \(index)", on: index) }
        let attemptsBefore = fleet.connectAttempts.count
        try await server.restart()
        let restarted = Stopwatch.now
        let recovered = await fleet.wait(timeout: 120) { fleet.connectedCount == clients && fleet.pendingOutbox == 0 }
        let recoverySeconds = Stopwatch.now - restarted
        let attempts = fleet.connectAttempts.dropFirst(attemptsBefore)
        let perSecond = Dictionary(grouping: attempts) { Int($0) }.values.map(\.count).max() ?? 0
        await fleet.close()
        guard recovered else { throw BenchFailure("not every storm client recovered within 120 s") }

        var stored = 0
        var duplicates = 0
        var lost = 0
        for (index, conversation) in conversations.enumerated() {
            let copies = try await rig.admin.messages(conversationID: conversation, limit: 100)
                .count { $0.content == "queued during the outage \(index)" }
            stored += min(copies, 1)
            duplicates += max(copies - 1, 0)
            lost += copies == 0 ? 1 : 0
        }
        return Result(
            clients: clients, recoverySeconds: recoverySeconds, peakAttemptsPerSecond: perSecond, queued: clients,
            stored: stored, duplicates: duplicates, lost: lost)
    }
}
