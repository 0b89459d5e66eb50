import ChatClientKit
import Foundation
import Logging
import ServerHarness

/// The server under test and a factory for clients talking to it.
///
/// By default it spawns `chat-server` (the binary next to this one) on a free loopback port
/// with a fresh database and limits raised out of the way, so the numbers measure the
/// system rather than the rate limiter; `--server URL` (with `CHAT_TOKEN`) measures a
/// deployed server instead, with every client as the same user.
final class BenchRig: Sendable {
    let server: ServerAddress
    let spawned: ChatServerProcess?
    let admin: ChatAPI
    /// `CHAT_TOKEN` for a deployed server; nil when tokens are minted per user.
    private let fixedToken: String?
    private let directory: String

    static func start(serverURL: String?) async throws -> BenchRig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let serverURL {
            guard let token = ProcessInfo.processInfo.environment["CHAT_TOKEN"] else {
                throw ChatError.usage("--server needs a token in CHAT_TOKEN")
            }
            return try BenchRig(server: ServerAddress(serverURL), spawned: nil, token: token, directory: directory)
        }
        var options = ServerOptions()
        options.messageRate = 10_000_000
        options.typingRate = 10_000_000
        options.extraArguments = ["--log-level", "warning"]
        let process = try await ChatServerProcess.start(options)
        return try BenchRig(server: ServerAddress(process.baseURL), spawned: process, token: nil, directory: directory)
    }

    private init(server: ServerAddress, spawned: ChatServerProcess?, token: String?, directory: String) throws {
        self.server = server
        self.spawned = spawned
        fixedToken = token
        self.directory = directory
        let adminToken = try spawned.map { try $0.token(sub: "bench-admin") } ?? token ?? ""
        admin = try ChatAPI(settings: ClientSettings(server: server, token: BearerToken(adminToken)))
    }

    /// The token of user `name`: minted by the spawned server, or the fixed `CHAT_TOKEN`.
    private func token(for name: String) throws -> String {
        if let spawned { return try spawned.token(sub: name) }
        return fixedToken ?? ""
    }

    /// A client for user `name`, with its own outbox and client-side limits out of the way.
    func client(_ name: String, policy: ConnectionPolicy = .init()) throws -> ChatClient {
        let token = try BearerToken(token(for: name))
        var logger = Logger(label: "chat-bench")
        logger.logLevel = .critical
        return try ChatClient(
            settings: ClientSettings(server: server, token: token), policy: policy,
            limits: ClientLimits(messagesPerMinute: 10_000_000, typingPerMinute: 10_000_000, ackTimeout: 60),
            outboxPath: directory + "/\(name).sqlite", logger: logger)
    }

    /// `count` sessions, the i-th with its own client (user `name-i`) in `conversation(i)`;
    /// returns once every one is connected.
    func connectedFleet(_ name: String, count: Int, conversation: (Int) -> ConversationID) async throws -> Fleet {
        let fleet = Fleet()
        for index in 0..<count {
            let client = try client("\(name)-\(index)")
            fleet.own(client)
            fleet.add(try await client.open(conversation(index)))
        }
        guard await fleet.wait(timeout: 60, until: { fleet.connectedCount == count }) else {
            let connected = fleet.connectedCount
            await fleet.close()
            throw BenchFailure("only \(connected) of \(count) \(name) clients connected")
        }
        return fleet
    }

    /// `count` new conversations, created concurrently.
    func conversations(_ count: Int) async throws -> [ConversationID] {
        try await withThrowingTaskGroup(of: ConversationID.self) { group in
            var ids: [ConversationID] = []
            for index in 0..<count {
                group.addTask { [admin] in
                    try await admin.createConversation(ConversationDraft(
                        clientID: UUID(), channel: .web, summary: "bench \(index)")).id
                }
                if index >= 32 { ids.append(try await group.next()!) }
            }
            for try await id in group { ids.append(id) }
            return ids
        }
    }

    /// The server process's resident memory, when it was spawned here.
    var serverResidentBytes: Int? { spawned.flatMap { ProcessStats.residentBytes(pid: $0.pid) } }

    func shutdown() async {
        await admin.shutdown()
        await spawned?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
