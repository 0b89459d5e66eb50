import ChatModel
import ChatServerCore
import Foundation
import Testing
import TestSupport

@Suite(.live) struct CommandLineTests {
    private static let secret = String(repeating: "s", count: 40)

    @Test func tokenPrintsAJWTTheServerAccepts() async throws {
        let result = try await ServerCommand.run(
            ["token", "--sub", "agent-9", "--role", "admin", "--ttl", "2h"], environment: ["CHAT_SERVER_SECRET": Self.secret])
        #expect(result.status == 0, "\(result.stderr)")
        let token = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3)
        let authority = try await TokenAuthority(secret: Self.secret)
        #expect(try await authority.verify(token) == Identity(userID: "agent-9", role: "admin"))

        let payload = try #require(token.split(separator: ".").dropFirst().first)
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let claims = try JSONValue.parse(String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self))
        let issuedAt = try #require(claims["iat"]?.intValue)
        #expect(claims["exp"]?.intValue == issuedAt + 7_200)
        #expect(claims["sub"]?.stringValue == "agent-9")
    }

    @Test func tokenDefaultsToAdminAndRefusesBadLifetimes() async throws {
        let result = try await ServerCommand.run(["token", "--sub", "a"], environment: ["CHAT_SERVER_SECRET": Self.secret])
        #expect(result.status == 0)
        let identity = try await TokenAuthority(secret: Self.secret).verify(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(identity.isAdmin)
        let bad = try await ServerCommand.run(["token", "--sub", "a", "--ttl", "soon"], environment: ["CHAT_SERVER_SECRET": Self.secret])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("invalid lifetime 'soon'"))
    }

    @Test func secretFilesReadableByOthersAreRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secret").path
        try Data((Self.secret + "\n").utf8).write(to: URL(fileURLWithPath: path))

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        for command in [["token", "--sub", "a"], ["serve", "--port", "0", "--db", directory.path + "/db.sqlite"]] {
            let refused = try await ServerCommand.run(command + ["--secret-file", path])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("readable by group or others"))
            #expect(refused.stderr.contains("chmod 600"))
            #expect(!refused.stdout.contains("listening"))
        }

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let accepted = try await ServerCommand.run(["token", "--sub", "a", "--secret-file", path])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        _ = try await TokenAuthority(secret: Self.secret).verify(accepted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func shortOrMissingSecretsAreRefusedWithAHint() async throws {
        let short = try await ServerCommand.run(["token", "--sub", "a"], environment: ["CHAT_SERVER_SECRET": "too-short"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("at least 32 bytes"))

        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
        let missing = try await ServerCommand.run(["serve", "--port", "0"], environment: ["XDG_STATE_HOME": home])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no secret configured"))
        #expect(missing.stderr.contains("--dev"))
    }

    @Test func devGeneratesAPrivateSecretOnceAndReusesIt() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let first = try await ServerCommand.run(["token", "--sub", "a", "--dev"], environment: ["XDG_STATE_HOME": state])
        #expect(first.status == 0, "\(first.stderr)")
        let secretPath = state + "/chat-server/secret"
        #expect(first.stderr.contains("generated development secret \(secretPath)"))
        let mode = try #require(FileManager.default.attributesOfItem(atPath: secretPath)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let secret = try ServerSecret.readFile(secretPath)

        let second = try await ServerCommand.run(["token", "--sub", "a", "--dev"], environment: ["XDG_STATE_HOME": state])
        #expect(second.stderr.contains("using development secret \(secretPath)"))
        let authority = try await TokenAuthority(secret: secret)
        _ = try await authority.verify(second.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func healthReportsStatusUptimeAndConnections() async throws {
        let server = try await ChatServerProcess.start()
        let anonymous = TestHTTP(baseURL: server.baseURL)
        let idle = try await anonymous.get("/health").json()
        #expect(idle["status"]?.stringValue == "ok")
        #expect(idle["connections"]?.intValue == 0)
        #expect(idle["uptime_seconds"] != nil)

        let http = try server.http()
        let id = try await http.newConversationID()
        try await http.sendMessage(id, content: "hi")
        let socket = try await server.connect(conversation: id)
        try await socket.expectJoined(as: "agent-1")
        let busy = try await anonymous.get("/health").json()
        #expect(busy["connections"]?.intValue == 1)
        #expect(busy["conversations"]?.intValue == 1)
        #expect(busy["messages"]?.intValue == 1)
        await server.stop()
    }

    @Test func logsRequestsConnectionsAndStatusChangesButNeverTheToken() async throws {
        let server = try await ChatServerProcess.start()
        let token = try server.token()
        let http = try server.http(token: token)
        let id = try await http.newConversationID()
        let socket = try await server.connect(conversation: id, token: token)
        try await socket.expectJoined(as: "agent-1")
        let refused = try await server.connect(conversation: id, token: token + "x")
        _ = try await refused.closeFrame()
        #expect(try await http.patch("/api/conversations/\(id)/status?status=pending").status == 200)
        socket.close()
        _ = try await socket.closeFrame()
        await server.stop()
        let log = try String(contentsOfFile: server.logPath, encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.contains { $0.contains("method=POST") && $0.contains("path=/api/conversations") && $0.contains("status=201") })
        #expect(lines.contains { $0.contains("path=/ws/\(id.lowercased())") })
        #expect(lines.contains { $0.contains("websocket opened") && $0.contains("user_id=agent-1") })
        #expect(lines.contains { $0.contains("websocket closed") })
        #expect(lines.contains { $0.contains("websocket refused: unauthorized") })
        #expect(lines.contains { $0.contains("conversation status changed") && $0.contains("from=active") && $0.contains("to=pending") })
        #expect(!log.contains(String(token.prefix(20))))
        #expect(!log.contains("token="))
    }

    @Test func aDatabasePasswordNeverAppearsInTheOutput() async throws {
        let nothingListens = try ReservedPort()
        let unreachable = try await ServerCommand.run(
            ["serve", "--port", "0", "--db-timeout", "1"],
            environment: [
                "CHAT_SERVER_SECRET": Self.secret,
                "CHAT_SERVER_DB": "postgres://chat:hunter2@127.0.0.1:\(nothingListens.port)/chat",
            ])
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot open database postgres://chat:***@127.0.0.1:\(nothingListens.port)/chat"))
        #expect(!(unreachable.stdout + unreachable.stderr).contains("hunter2"))

        let malformed = try await ServerCommand.run(
            ["serve", "--port", "0", "--db", "postgres://chat:hunter2@db.internal/chat?sslmode=verify-full"],
            environment: ["CHAT_SERVER_SECRET": Self.secret])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("sslmode"))
        #expect(!(malformed.stdout + malformed.stderr).contains("hunter2"))
    }
}
