import ChatClientKit
import Foundation
import TestSupport

@testable import chatctl

/// A chat-server shared by the end-to-end tests (each test isolates itself with its own
/// customer id and token subject), and the environment chatctl runs in.
enum Fixture {
    private static let shared = Task { try await ChatServerProcess.start() }

    static func server() async throws -> ChatServerProcess {
        try await shared.value
    }

    /// A private scratch directory (config, state, token files) removed by the caller.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-test-\(UUID().wireString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A clean environment: nothing inherited but PATH, home and XDG directories in `home`,
    /// UTC times, and `extra` on top.
    static func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "TZ": "UTC",
        ]
        environment.merge(extra) { $1 }
        return environment
    }
}

/// One test's view of a server: its own token subject (so rate limits stay per test), a
/// scratch home, the dialect to speak, and shortcuts for running chatctl.
struct CLI {
    let serverURL: String
    let home: URL
    let token: String
    let user: String
    var dialect: String?

    /// On the shared chat-server, or `server`.
    static func make(_ server: ChatServerProcess? = nil, dialect: String? = nil) async throws -> CLI {
        let server = if let server { server } else { try await Fixture.server() }
        let user = "agent-" + UUID().wireString.prefix(8)
        return CLI(serverURL: server.baseURL, home: try Fixture.scratch(), token: try server.token(sub: user), user: user, dialect: dialect)
    }

    /// On a Socket.IO server, as `user`.
    static func make(socketIO server: SocketIOServer, user: String = "alice") async throws -> CLI {
        CLI(serverURL: server.url, home: try Fixture.scratch(), token: try await server.token(for: user), user: user, dialect: "socketio")
    }

    var environment: [String: String] {
        var extra = ["CHAT_SERVER": serverURL, "CHAT_TOKEN": token]
        if let dialect { extra["CHAT_DIALECT"] = dialect }
        return Fixture.environment(home: home, extra)
    }

    func run(_ arguments: [String], stdin: Data? = nil, environment extra: [String: String] = [:]) async throws
        -> ChatctlProcess.Result
    {
        try await ChatctlProcess.run(arguments, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// Runs a command that must succeed, returning its stdout without the final newline.
    func output(_ arguments: [String], stdin: Data? = nil) async throws -> String {
        let result = try await run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw CommandFailed(arguments: arguments, status: result.status, stderr: result.stderr)
        }
        return result.output
    }

    /// Creates a conversation for `client` and returns its id.
    func createConversation(client: UUID, _ extra: [String] = []) async throws -> String {
        try await output(["conversations", "create", "--client-id", client.wireString, "--channel", "web", "-q"] + extra)
    }

    /// Decodes a command's JSON stdout with the wire conventions.
    func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
        try ChatJSON.decode(type, from: Data(try await output(arguments + ["--json"]).utf8))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: home)
    }
}

struct CommandFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stderr: String

    var description: String { "chatctl \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
}
