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
        let fleet = Fleet()
        var chatClients: [ChatClient] = []
        for index in 0..<(pairs * 2) {
            let client = try rig.client("latency-\(index)")
            chatClients.append(client)
            fleet.add(try await client.open(conversations[index / 2]))
        }
        guard await fleet.wait(timeout: 60, until: { fleet.connectedCount == pairs * 2 }) else {
            throw BenchFailure("only \(fleet.connectedCount) of \(pairs * 2) latency clients connected")
        }
        let interval = 1 / rate
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<(pairs * 2) {
                group.addTask {
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
        }
        _ = await fleet.wait(timeout: 30) {
            fleet.deliveries.allSatisfy { $0.echoedAt != nil && !$0.receivedAt.isEmpty }
        }
        let deliveries = fleet.deliveries
        await fleet.close()
        for client in chatClients { await client.shutdown() }
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
