import ChatClientKit
import Foundation
import Testing

@Suite struct ChatErrorTests {
    @Test func mapsFastAPIErrors() {
        #expect(ChatError.from(status: 404, body: Data(#"{"detail":"Conversation not found"}"#.utf8))
            == .notFound("Conversation not found"))
        #expect(ChatError.from(status: 401, body: Data()) == .unauthorized("not authenticated"))
        #expect(ChatError.from(status: 403, body: Data(#"{"detail":"Admin role required"}"#.utf8))
            == .forbidden("Admin role required"))
        #expect(ChatError.from(status: 400, body: Data(#"{"detail":"Cannot send message to closed conversation"}"#.utf8))
            == .conversationClosed("Cannot send message to closed conversation"))
        let body = #"{"detail":[{"loc":["body","priority"],"msg":"value is not a valid enumeration member","type":"type_error.enum"},{"loc":["query","limit"],"msg":"ensure this value is less than or equal to 100","type":"x"}]}"#
        #expect(ChatError.from(status: 422, body: Data(body.utf8))
            == .validation("priority: value is not a valid enumeration member; limit: ensure this value is less than or equal to 100"))
        #expect(ChatError.from(status: 429, body: Data(), retryAfter: "12") == .rateLimited("too many requests", retryAfter: 12))
        #expect(ChatError.from(status: 503, body: Data("<html>".utf8)) == .server(status: 503, "service unavailable"))
    }

    @Test func temporaryErrorsAreTheRetryableOnes() {
        #expect(ChatError.network("x").isTemporary)
        #expect(ChatError.server(status: 500, "x").isTemporary)
        #expect(ChatError.rateLimited("x", retryAfter: nil).isTemporary)
        #expect(!ChatError.validation("x").isTemporary)
        #expect(!ChatError.unauthorized("x").isTemporary)
    }

    @Test func retryPolicyHonoursRetryAfter() {
        let policy = RetryPolicy(retries: 3)
        #expect(policy.delay(forAttempt: 1, error: .rateLimited("x", retryAfter: 7), unit: 0.5) == 7)
        let delay = policy.delay(forAttempt: 2, error: .network("x"), unit: 0.5)
        #expect(delay >= 0.5 && delay <= 1)
    }
}

@Suite struct ServerAddressTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080", false, "127.0.0.1", 8080, ""),
        ("127.0.0.1:9000", false, "127.0.0.1", 9000, ""),
        ("https://chat.example.com", true, "chat.example.com", 443, ""),
        ("wss://chat.example.com/support/", true, "chat.example.com", 443, "/support"),
    ])
    func parses(text: String, secure: Bool, host: String, port: Int, base: String) throws {
        let address = try ServerAddress(text)
        #expect(address.isSecure == secure)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.basePath == base)
    }

    @Test(arguments: ["", "ftp://x", "http://", "https://user:pw@host", "http://h/?token=x"])
    func rejects(text: String) {
        #expect(throws: ChatError.self) { try ServerAddress(text) }
    }

    @Test func buildsEscapedQueries() throws {
        let url = try ServerAddress("http://h:1").url("/api/conversations", query: [("search", "a+b c&d")])
        #expect(url == "http://h:1/api/conversations?search=a%2Bb%20c%26d")
    }
}

@Suite struct SettingsResolutionTests {
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudC0xIiwicm9sZSI6ImFkbWluIiwiZXhwIjoxODAwMDAwMDAwfQ.c2ln"

    func tempFile(_ contents: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID())").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func flagsBeatEnvironmentBeatConfig() throws {
        let config = try ConfigFile(parsing: "server = \"http://config:1\"\ndialect = \"conversations\"")
        let env = ["CHAT_SERVER": "http://env:2", "CHAT_TOKEN": token]
        let fromEnv = try ClientSettings.resolve(flags: .init(), environment: env, config: config, configPath: "c")
        #expect(fromEnv.server.host == "env")
        let fromFlag = try ClientSettings.resolve(
            flags: .init(server: "http://flag:3"), environment: env, config: config, configPath: "c")
        #expect(fromFlag.server.host == "flag")
        let fromConfig = try ClientSettings.resolve(
            flags: .init(), environment: ["CHAT_TOKEN": token], config: config, configPath: "c")
        #expect(fromConfig.server.host == "config")
        #expect(fromConfig.token?.subject == "agent-1")
    }

    @Test func tokenFileMustBePrivate() throws {
        let open = try tempFile(token + "\n", mode: 0o644)
        #expect {
            try ClientSettings.resolve(
                flags: .init(server: "http://h:1", tokenFile: open), environment: [:], config: .init(), configPath: "c")
        } throws: { "\($0)".contains("readable by others (mode 644); run 'chmod 600") }
        let closed = try tempFile(token + "\n", mode: 0o600)
        let settings = try ClientSettings.resolve(
            flags: .init(server: "http://h:1", tokenFile: closed), environment: [:], config: .init(), configPath: "c")
        #expect(settings.token?.value == token)
    }

    @Test func missingPiecesSayWhatToDo() {
        #expect { try ClientSettings.resolve(flags: .init(), environment: [:], config: .init(), configPath: "~/x.toml") }
            throws: { "\($0)".contains("pass --server URL, set CHAT_SERVER") }
        #expect {
            try ClientSettings.resolve(flags: .init(server: "http://h"), environment: [:], config: .init(), configPath: "c")
        } throws: { "\($0)".contains("set CHAT_TOKEN") }
        #expect {
            try ClientSettings.resolve(
                flags: .init(server: "http://h", dialect: "pigeon"), environment: ["CHAT_TOKEN": "t"], config: .init(),
                configPath: "c")
        } throws: { "\($0)".contains("unsupported dialect 'pigeon' (supported: conversations, rooms, socketio)") }
        #expect {
            try ClientSettings.resolve(flags: .init(server: "http://h", dialect: "rooms"), environment: [:], config: .init(), configPath: "c")
        } throws: { "\($0)".contains("pass --user ID, set CHAT_USER") }
    }

    @Test func roomsTakesTheUserAndRoleFromFlagsEnvironmentOrConfig() throws {
        let config = try ConfigFile(parsing: "dialect = \"rooms\"\nuser = \"from-config\"\nrole = \"supervisor\"\n")
        let fromConfig = try ClientSettings.resolve(flags: .init(server: "http://h"), environment: [:], config: config, configPath: "c")
        #expect(fromConfig.token == nil)
        #expect(fromConfig.userID == "from-config")
        #expect(fromConfig.role == "supervisor")
        let fromFlags = try ClientSettings.resolve(
            flags: .init(server: "http://h", user: "flag-user", role: "cliente"), environment: ["CHAT_USER": "env-user"],
            config: config, configPath: "c")
        #expect(fromFlags.userID == "flag-user")
        #expect(fromFlags.role == "cliente")
        #expect { try ClientSettings.resolve(flags: .init(server: "http://h", role: "boss"), environment: [:], config: config, configPath: "c") }
            throws: { "\($0)".contains("valid roles: cliente, atendente, supervisor") }
    }

    @Test func tokenNeverAppearsInDescriptions() throws {
        let bearer = try BearerToken(token)
        #expect(!"\(bearer)".contains("eyJ"))
        #expect(!String(reflecting: bearer).contains("eyJ"))
        #expect(bearer.expiresAt == Date(timeIntervalSince1970: 1_800_000_000))
    }
}

@Suite struct ConfigFileTests {
    @Test func parsesTheSubset() throws {
        let config = try ConfigFile(parsing: """
            # shared by chatctl and chat-tui
            server = "https://chat.example.com"   # trailing comment
            token_file = '~/.config/chat/token'
            [tui]
            bell = false
            page_size = 50
            title = "a \\"quoted\\" # not a comment"
            """)
        #expect(config.string("server") == "https://chat.example.com")
        #expect(config.string("token_file") == "~/.config/chat/token")
        #expect(config.bool("tui.bell") == false)
        #expect(config.values["tui.page_size"] == .integer(50))
        #expect(config.string("tui.title") == "a \"quoted\" # not a comment")
    }

    @Test(arguments: ["server", "server = https://x", "= \"x\"", "[tui", "a b = 1", "x = \"unterminated\\\""])
    func rejectsWithLineNumbers(text: String) {
        #expect { try ConfigFile(parsing: "# ok\n" + text, path: "config.toml") } throws: {
            "\($0)".hasPrefix("config.toml:2:")
        }
    }
}
