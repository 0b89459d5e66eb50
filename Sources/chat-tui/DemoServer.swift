import ChatClientKit
import ChatServerCore
import Foundation
import Logging

/// `--demo`: the reference server in-process on a free loopback port, with a fresh
/// database in a temporary directory, a random secret, demo conversations and simulated
/// customers, plus a token minted for the agent.
struct DemoServer: Sendable {
    let server: ChatServer
    let directory: String
    let settings: ClientSettings

    /// The dialects the embedded chat-server serves.
    static let dialects = ["conversations", "rooms"]

    /// Starts the server; the agent's settings speak `dialect` (one of `dialects`).
    static func start(dialect: any Dialect, logger: Logger) async throws -> DemoServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-demo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var serverLogger = logger
        serverLogger.logLevel = .notice
        let server = try await ChatServer(
            configuration: ChatServerConfiguration(
                host: "127.0.0.1", port: 0, databasePath: directory + "/chat.sqlite", secret: ServerSecret.random(),
                demo: DemoSettings(), logger: serverLogger))
        let port = try await server.start()
        let token = try BearerToken(try server.tokens.mint(sub: "demo-agent", ttl: 7 * 86_400))
        let settings = ClientSettings(server: try ServerAddress("http://127.0.0.1:\(port)"), dialect: dialect, token: token)
        return DemoServer(server: server, directory: directory, settings: settings)
    }

    /// Where the demo's outbox lives (it goes away with the demo).
    var outboxPath: String { directory + "/outbox.sqlite" }

    /// Where the demo's local history lives (rooms; it goes away with the demo).
    var historyPath: String { directory + "/history.sqlite" }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
