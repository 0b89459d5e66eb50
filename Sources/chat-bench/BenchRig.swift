import ChatClientKit
import Foundation
import Logging
import ServerHarness

/// The server under test and a factory for clients talking to it.
///
/// By default it spawns `chat-server` (the binary next to this one) on a free loopback port
/// with a fresh database and limits raised out of the way, so the numbers measure the
/// system rather than the rate limiter; `--server URL` (with `CHAT_TOKEN`) measures a
/// deployed server instead, with every client as the same user. A cluster rig spawns several
/// instances on one PostgreSQL database and spreads its clients over them.
final class BenchRig: Sendable {
    /// Every instance; clients are spread over them in turn.
    let servers: [ServerAddress]
    let spawned: ChatServerProcess?
    let admin: ChatAPI
    /// `CHAT_TOKEN` for a deployed server; nil when tokens are minted per user.
    private let fixedToken: String?
    private let directory: String
    /// The other instances of a cluster rig, and the throwaway PostgreSQL it started, kept
    /// alive until `shutdown`.
    private let companions: [ChatServerProcess]
    private let database: PostgresCluster?
    /// The first instance's process, when it runs on this machine.
    private let serverPID: Int32?

    /// The first instance.
    var server: ServerAddress { servers[0] }

    /// - Parameter serverPID: the deployed server's process, when it runs on this machine,
    ///   to read its memory.
    static func start(serverURL: String?, serverPID: Int32? = nil) async throws -> BenchRig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let serverURL {
            guard let token = ProcessInfo.processInfo.environment["CHAT_TOKEN"] else {
                throw ChatError.usage("--server needs a token in CHAT_TOKEN")
            }
            return try BenchRig(
                servers: [ServerAddress(serverURL)], spawned: nil, token: token, directory: directory, companions: [],
                database: nil, serverPID: serverPID)
        }
        let process = try await ChatServerProcess.start(benchOptions(store: .sqlite))
        return try BenchRig(server: ServerAddress(process.baseURL), spawned: process, token: nil, directory: directory)
    }

    /// `instances` spawned instances on the PostgreSQL database at `databaseURL`, or on a
    /// throwaway cluster started here (default settings: every commit is fsynced).
    static func startCluster(instances: Int, databaseURL: String?) async throws -> BenchRig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var database: PostgresCluster?
        let url: String
        if let databaseURL {
            url = databaseURL
        } else {
            let started = try await PostgresCluster.start(settings: ["max_connections": "300"])
            database = started
            url = try await started.createDatabase()
        }
        let first = try await ChatServerProcess.start(benchOptions(store: .postgres), databasePath: url)
        var others: [ChatServerProcess] = []
        for _ in 1..<instances {
            others.append(try await first.startInstance())
        }
        return try BenchRig(
            servers: try ([first] + others).map { try ServerAddress($0.baseURL) }, spawned: first, token: nil,
            directory: directory, companions: others, database: database)
    }

    /// Limits raised out of the way; warnings only.
    private static func benchOptions(store: ServerStore) -> ServerOptions {
        var options = ServerOptions(store: store)
        options.messageRate = 10_000_000
        options.typingRate = 10_000_000
        options.extraArguments = ["--log-level", "warning"] + (store == .postgres ? ["--db-pool-size", "20"] : [])
        return options
    }

    private convenience init(server: ServerAddress, spawned: ChatServerProcess?, token: String?, directory: String) throws {
        try self.init(servers: [server], spawned: spawned, token: token, directory: directory, companions: [], database: nil)
    }

    private init(
        servers: [ServerAddress], spawned: ChatServerProcess?, token: String?, directory: String,
        companions: [ChatServerProcess], database: PostgresCluster?, serverPID: Int32? = nil
    ) throws {
        self.servers = servers
        self.spawned = spawned
        self.serverPID = spawned?.pid ?? serverPID
        fixedToken = token
        self.directory = directory
        self.companions = companions
        self.database = database
        let adminToken = try spawned.map { try $0.token(sub: "bench-admin") } ?? token ?? ""
        admin = try ChatAPI(settings: ClientSettings(server: servers[0], token: BearerToken(adminToken)))
    }

    /// One token for every client of a child chat-bench: a user minted by the spawned
    /// server, or the fixed `CHAT_TOKEN`.
    func sharedToken() throws -> String {
        try token(for: "bench-child")
    }

    /// The token of user `name`: minted by the spawned server, or the fixed `CHAT_TOKEN`.
    private func token(for name: String) throws -> String {
        if let spawned { return try spawned.token(sub: name) }
        return fixedToken ?? ""
    }

    /// A client for user `name` on instance `instance`, with its own outbox and client-side limits out of the way.
    func client(_ name: String, instance: Int = 0, policy: ConnectionPolicy = .init()) throws -> ChatClient {
        let token = try BearerToken(token(for: name))
        var logger = Logger(label: "chat-bench")
        logger.logLevel = .critical
        return try ChatClient(
            settings: ClientSettings(server: servers[instance % servers.count], token: token), policy: policy,
            limits: ClientLimits(messagesPerMinute: 10_000_000, typingPerMinute: 10_000_000, ackTimeout: 60),
            outboxPath: directory + "/\(name).sqlite", logger: logger)
    }

    /// `count` sessions, the i-th in `conversation(i)`: each with its own client (user
    /// `name-i`) on instance `i mod instances`, or with `oneUser` all on one client (user
    /// `name`, one outbox), as an agent with many conversations open; returns once every one
    /// is connected.
    func connectedFleet(
        _ name: String, count: Int, oneUser: Bool = false, conversation: (Int) -> ConversationID
    ) async throws -> Fleet {
        let fleet = Fleet()
        let shared = try oneUser ? client(name) : nil
        if let shared { fleet.own(shared) }
        for index in 0..<count {
            let client = try shared ?? client("\(name)-\(index)", instance: index)
            if shared == nil { fleet.own(client) }
            try await fleet.open(conversation(index), on: client)
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

    /// The server process's resident memory, when it runs on this machine.
    var serverResidentBytes: Int? { serverPID.flatMap { ProcessStats.residentBytes(pid: $0) } }

    func shutdown() async {
        await admin.shutdown()
        for instance in companions { await instance.stop() }
        await spawned?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
