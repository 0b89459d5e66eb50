import ChatClientKit
import Foundation

/// Send-to-echo and send-to-receipt latency: `clients` sessions in pairs, one conversation
/// per pair, each sending `rate` messages a second for `seconds`.
struct LatencyBench {
    struct Result: Codable, Sendable {
        let clients: Int
        let ratePerClient: Double
        let seconds: Double
        let sent: Int
        let lost: Int
        /// Send → the sender's own `new_message` echo, in milliseconds.
        let echo: Distribution
        /// Send → the other client's `new_message`, in milliseconds.
        let receipt: Distribution

        enum CodingKeys: String, CodingKey {
            case clients, seconds, sent, lost, echo, receipt
            case ratePerClient = "rate_per_client"
        }
    }

    let clients: Int
    let rate: Double
    let seconds: Double

    func run(_ rig: BenchRig) async throws -> Result {
        let pairs = max(1, clients / 2)
        let conversations = try await rig.conversations(pairs)
        let fleet = try await rig.connectedFleet("latency", count: pairs * 2) { conversations[$0 / 2] }
        let interval = 1 / rate
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, session) in fleet.sessions.enumerated() {
                group.addTask(executorPreference: session.executor) {
                    let start = Stopwatch.now + interval * Double(index) / Double(pairs * 2)
                    var next = start
                    var sequence = 0
                    while next < start + seconds {
                        let delay = next - Stopwatch.now
                        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
                        try await fleet.send("latency \(index)-\(sequence)", on: index)
                        sequence += 1
                        next += interval
                    }
                }
            }
            try await group.waitForAll()
        }
        _ = await fleet.wait(timeout: 30) {
            fleet.deliveries.allSatisfy { $0.echoedAt != nil && !$0.receivedAt.isEmpty }
        }
        let deliveries = fleet.deliveries
        await fleet.close()
        return Result(
            clients: pairs * 2, ratePerClient: rate, seconds: seconds, sent: deliveries.count,
            lost: deliveries.count { $0.echoedAt == nil || $0.receivedAt.isEmpty },
            echo: Distribution(deliveries.compactMap { delivery in delivery.echoedAt.map { ($0 - delivery.sentAt) * 1000 } }),
            receipt: Distribution(deliveries.compactMap { delivery in
                delivery.receivedAt.first.map { ($0 - delivery.sentAt) * 1000 }
            }))
    }
}

/// A benchmark that could not run as asked.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
