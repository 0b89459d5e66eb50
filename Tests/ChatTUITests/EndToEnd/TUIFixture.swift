import ChatClientKit
import Foundation
import TestSupport

/// A real `chat-server` behind a `FaultProxy`, and the real `chat-tui` binary in tmux
/// connected through the proxy, with private XDG directories and a token file.
final class TUIFixture {
    let server: ChatServerProcess
    let proxy: FaultProxy
    let http: TestHTTP
    let directory: String
    private(set) var tui: TmuxSession?

    /// Test timings: a dead connection is noticed within seconds, retries come fast.
    static let fastTimings = [
        "CHAT_TUI_CONNECT_TIMEOUT": "3", "CHAT_TUI_IDLE_TIMEOUT": "4", "CHAT_TUI_PING_INTERVAL": "1",
        "CHAT_TUI_BACKOFF_BASE": "0.25", "CHAT_TUI_BACKOFF_CAP": "1", "CHAT_TUI_ACK_TIMEOUT": "4",
        "CHAT_TUI_REFRESH_INTERVAL": "1",
    ]

    static var binary: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("chat-tui").path
    }

    private init(server: ChatServerProcess, proxy: FaultProxy, directory: String) throws {
        self.server = server
        self.proxy = proxy
        self.directory = directory
        http = try server.http()
    }

    static func start() async throws -> TUIFixture {
        var options = ServerOptions()
        options.pingInterval = 1
        let server = try await ChatServerProcess.start(options)
        let proxy = try await FaultProxy.start(upstreamPort: server.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
        return try TUIFixture(server: server, proxy: proxy, directory: directory)
    }

    /// The environment chat-tui runs with: its own home and XDG directories, no token in it.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": directory, "XDG_STATE_HOME": directory + "/state", "XDG_CONFIG_HOME": directory + "/config",
            "LANG": "C.UTF-8", "CHAT_TOKEN": "", "NO_COLOR": "",
        ]
        environment.merge(Self.fastTimings) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    /// Starts chat-tui against the proxy with a private token file (and `arguments` after its own).
    func launch(
        width: Int = 120, height: Int = 40, arguments: [String] = [], extraEnvironment: [String: String] = [:]
    ) throws -> TmuxSession {
        let tokenFile = directory + "/token"
        let token = Data(try server.token(sub: "agent-1").utf8)
        guard FileManager.default.createFile(atPath: tokenFile, contents: token, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: tokenFile])
        }
        let session = try TmuxSession(
            [Self.binary, "--server", "http://127.0.0.1:\(proxy.port)", "--token-file", tokenFile] + arguments,
            environment: environment(extraEnvironment), width: width, height: height)
        tui = session
        return session
    }

    /// Creates a conversation over REST; returns its id.
    func createConversation(summary: String, priority: String = "High") async throws -> String {
        let response = try await http.post(
            "/api/conversations",
            json: ["client_id": .string(UUID().uuidString.lowercased()), "channel": "whatsapp",
                   "priority": .string(priority), "summary": .string(summary)])
        guard response.status == 201, let id = try response.json()["id"]?.stringValue else {
            throw TmuxSession.Failure(description: "cannot create a conversation: \(response.status) \(response.text)")
        }
        return id
    }

    /// Posts a message as `sender` over REST.
    func post(_ content: String, to id: String, as sender: String = "client") async throws {
        let response = try await http.post(
            "/api/messages", json: ["conversation_id": .string(id), "sender": .string(sender), "content": .string(content)])
        guard response.status == 201 else {
            throw TmuxSession.Failure(description: "cannot post a message: \(response.status) \(response.text)")
        }
    }

    /// The stored messages of a conversation, oldest first.
    func messages(of id: String) async throws -> [JSONValue] {
        try await http.get("/api/messages?conversation_id=\(id)&limit=100").json().arrayValue ?? []
    }

    func status(of id: String) async throws -> String? {
        try await http.get("/api/conversations/\(id)").json()["status"]?.stringValue
    }

    /// Waits until the server has stored what `predicate` wants.
    func waitForServer(
        _ what: String, conversation id: String, timeout: Duration = .seconds(30), _ predicate: ([JSONValue]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var last: [JSONValue] = []
        while ContinuousClock.now < deadline {
            last = try await messages(of: id)
            if predicate(last) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TmuxSession.Failure(description: "timed out waiting for \(what); stored: \(last.map(\.jsonText))")
    }

    /// Quits chat-tui (answering the outbox question if asked) and stops everything.
    func finish() async throws -> Int32? {
        var status: Int32?
        if let tui, try tui.exitStatus() == nil {
            try await tui.press("C-c")
            if try await tui.waitForScreen("the quit question or the exit", { screen in
                screen.contains("[y] quit") || (try? tui.exitStatus()) != nil
            }).contains("[y] quit") {
                try await tui.press("y")
            }
            status = try await tui.waitForExit()
        }
        tui = nil
        try await proxy.stop()
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
        return status
    }
}

extension [JSONValue] {
    /// The stored contents, oldest first.
    var contents: [String] { compactMap { $0["content"]?.stringValue } }
}
