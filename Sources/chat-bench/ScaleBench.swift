import ChatClientKit
import Foundation

/// Opens `sockets` concurrent sessions (spread over 100 new conversations and 20 users),
/// times it, reads both processes' resident memory, then posts one message to every
/// conversation and counts the sockets that receive it.
struct ScaleBench {
    struct Result: Codable, Sendable {
        let sockets: Int
        let openSeconds: Double
        let clientBytesPerSocket: Double
        let serverBytesPerSocket: Double?
        let answered: Int

        enum CodingKeys: String, CodingKey {
            case sockets, answered
            case openSeconds = "open_seconds"
            case clientBytesPerSocket = "client_bytes_per_socket"
            case serverBytesPerSocket = "server_bytes_per_socket"
        }
    }

    static let conversationCount = 100
    static let userCount = 20

    let sockets: Int

    func run(_ rig: BenchRig) async throws -> Result {
        let conversations = try await rig.conversations(Self.conversationCount)
        let fleet = Fleet()
        var clients: [ChatClient] = []
        for user in 0..<Self.userCount {
            let client = try rig.client("scale-\(sockets)-\(user)", policy: Self.policy)
            fleet.own(client)
            clients.append(client)
        }
        let clientBefore = ProcessStats.residentBytes() ?? 0
        let serverBefore = rig.serverResidentBytes
        let start = Stopwatch.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<sockets {
                let client = clients[index % Self.userCount]
                let conversation = conversations[index % conversations.count]
                group.addTask { try await fleet.open(conversation, on: client) }
                if index >= 256 { _ = try await group.next() }
            }
            try await group.waitForAll()
        }
        let opened = await fleet.wait(timeout: 120) { fleet.connectedCount == sockets }
        let openSeconds = Stopwatch.now - start
        let clientAfter = ProcessStats.residentBytes() ?? 0
        let serverAfter = rig.serverResidentBytes
        guard opened else {
            let connected = fleet.connectedCount
            await fleet.close()
            throw BenchFailure("only \(connected) of \(sockets) sockets connected in 120 s")
        }

        for conversation in conversations {
            _ = try await rig.admin.sendMessage(MessageDraft(conversationID: conversation, sender: .client, content: "ping"))
        }
        _ = await fleet.wait(timeout: 60) { fleet.sessionsThatReceived(atLeast: 1) == sockets }
        let answered = fleet.sessionsThatReceived(atLeast: 1)
        await fleet.close()
        return Result(
            sockets: sockets, openSeconds: openSeconds,
            clientBytesPerSocket: Double(clientAfter - clientBefore) / Double(sockets),
            serverBytesPerSocket: serverBefore.flatMap { before in serverAfter.map { Double($0 - before) / Double(sockets) } },
            answered: answered)
    }

    /// Many sockets opening at once can take a while on 2 cores: give each attempt time.
    static var policy: ConnectionPolicy {
        var policy = ConnectionPolicy()
        policy.connectTimeout = 60
        return policy
    }
}
