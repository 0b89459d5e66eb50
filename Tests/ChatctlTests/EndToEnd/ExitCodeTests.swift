import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// Each documented exit code, and the bad inputs that lead to them, through the real binary.
@Suite(.live) struct ExitCodeTests {
    @Test func helpDocumentsEveryExitCode() async throws {
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let help = try await ChatctlProcess.run(["--help"], environment: Fixture.environment(home: home))
        #expect(help.status == 0)
        for code in ["0", "1", "64", "65", "66", "69", "75", "77"] {
            #expect(help.stdout.contains("\n  \(code.count == 1 ? " " : "")\(code)  "), "code \(code)")
        }
    }

    @Test func badInputIsAUsageErrorBeforeAnyRequest() async throws {
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        // No server at all: a usage error must not depend on one.
        let environment = Fixture.environment(home: home, ["CHAT_SERVER": "http://127.0.0.1:9", "CHAT_TOKEN": "x.y.z"])
        let cases: [([String], String)] = [
            (["conversations", "get", "7f3"], "expected a UUID"),
            (["conversations", "list", "--status", "open"], "'active', 'closed' or 'pending'"),
            (["conversations", "create", "--client-id", UUID().wireString, "--channel", "fax"], "'whatsapp', 'email' or 'web'"),
            (["conversations", "create", "--client-id", UUID().wireString, "--channel", "web", "--status", "closed"], "'active' and 'pending'"),
            (["messages", "send", UUID().wireString, "hi", "--as", "bot"], "'admin', 'client' or 'system'"),
            (["messages", "send", UUID().wireString, "hi", "--type", "video"], "'text', 'image' or 'file'"),
            (["messages", "mark-read", "not-a-uuid"], "expected a UUID"),
            (["conversations", "list", "--limit", "0"], "--limit must be between 1 and 100"),
            (["conversations", "list", "--all", "--page", "2"], "pass either --all or --page"),
            (["conversations", "list", "-q", "--json"], "-q prints only ids"),
            (["watch", UUID().wireString, "--count", "0"], "--count must be 1 or more"),
            (["conversations", "frobnicate"], "Unexpected argument"),
        ]
        for (arguments, expected) in cases {
            let result = try await ChatctlProcess.run(arguments, environment: environment)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("chatctl: "), "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func missingSettingsAreUsageErrorsWithAHint() async throws {
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let noServer = try await ChatctlProcess.run(["conversations", "list"], environment: Fixture.environment(home: home))
        #expect(noServer.status == 64)
        #expect(noServer.stderr.hasPrefix("chatctl: no server given; pass --server URL, set CHAT_SERVER"))
        let noToken = try await ChatctlProcess.run(
            ["conversations", "list", "--server", "http://127.0.0.1:9"], environment: Fixture.environment(home: home))
        #expect(noToken.status == 64)
        #expect(noToken.stderr.hasPrefix("chatctl: no token given; set CHAT_TOKEN"))
    }

    @Test func tokenFilesMustBePrivateAndConfigFileIsShared() async throws {
        let server = try await Fixture.server()
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let tokenFile = home.appendingPathComponent("token")
        try Data((try server.token(sub: "agent-file") + "\n").utf8).write(to: tokenFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile.path)
        let environment = Fixture.environment(home: home, ["CHAT_SERVER": server.baseURL])
        let open = try await ChatctlProcess.run(
            ["conversations", "list", "--token-file", tokenFile.path, "-q"], environment: environment)
        #expect(open.status == 64)
        #expect(open.stderr == "chatctl: the token file \(tokenFile.path) is readable by others (mode 644); run 'chmod 600 \(tokenFile.path)'\n")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile.path)
        #expect(try await ChatctlProcess.run(
            ["conversations", "list", "--token-file", tokenFile.path, "--limit", "1"], environment: environment).status == 0)

        let config = home.appendingPathComponent("config/chat")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("# shared with chat-tui\nserver = \"\(server.baseURL)\"\ntoken_file = \"\(tokenFile.path)\"\n".utf8)
            .write(to: config.appendingPathComponent("config.toml"))
        let configured = try await ChatctlProcess.run(
            ["conversations", "create", "--client-id", UUID().wireString, "--channel", "web", "-q"],
            environment: Fixture.environment(home: home))
        #expect(configured.status == 0, "\(configured.stderr)")
        #expect(UUID(uuidString: configured.output) != nil)
    }

    @Test func rejectedTokensExitWith77() async throws {
        let server = try await Fixture.server()
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let tokens = [
            ("garbage", "not.a.jwt", "the server rejected the token"),
            ("expired", try server.token(sub: "agent-old", ttl: -60), "the token expired at "),
            ("non-admin", try server.token(sub: "customer-1", role: "client"), "chatctl needs a token with the admin role"),
        ]
        for (name, token, message) in tokens {
            let environment = Fixture.environment(home: home, ["CHAT_SERVER": server.baseURL, "CHAT_TOKEN": token])
            let result = try await ChatctlProcess.run(["conversations", "list", "-v"], environment: environment)
            #expect(result.status == 77, "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(!result.stderr.contains(token), "\(name): the token leaked")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func unreachableServerExitsWith69AfterRetrying() async throws {
        let server = try await ChatServerProcess.start()
        let cli = try await CLI.make(server)
        defer { cli.cleanUp() }
        #expect(try await cli.run(["conversations", "list"]).status == 0)
        await server.stop()
        let result = try await cli.run(["conversations", "list", "--retries", "1", "-v"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("connection refused"))
        #expect(result.stderr.contains("check --server or CHAT_SERVER (now \(server.baseURL))"))
        #expect(result.stderr.contains("retrying"))

        let closedPort = try await ChatctlProcess.run(
            ["conversations", "get", UUID().wireString, "--server", "http://127.0.0.1:9", "--retries", "0"],
            environment: cli.environment)
        #expect(closedPort.status == 69)
    }

    @Test func rateLimitedSendExitsWith75() async throws {
        var options = ServerOptions()
        options.messageRate = 2
        let server = try await ChatServerProcess.start(options)
        let cli = try await CLI.make(server)
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        var statuses: [Int32] = []
        var last = ChatctlProcess.Result(status: 0, stdout: "", stderr: "")
        for number in 1...3 {
            last = try await cli.run(["messages", "send", id, "message \(number)", "--retries", "0"])
            statuses.append(last.status)
        }
        #expect(statuses == [0, 0, 75])
        #expect(last.stderr.contains("the server is rate limiting requests"))
        #expect(try await cli.json([Message].self, ["messages", "list", id]).count == 2)
        await server.stop()
    }

    @Test func watchTimingOutBeforeItsCountExitsWith75() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let result = try await cli.run(["watch", id, "--count", "1", "--timeout", "4"])
        #expect(result.status == 75)
        #expect(result.stderr == "chatctl: timed out after 4 s still waiting for 1 message\n")
    }

    @Test func aServerThatIsNotAChatServerExitsWith1() async throws {
        let responder = try HTTPResponder(
            reply: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 14\r\nConnection: close\r\n\r\n<h1>Hello</h1>")
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Fixture.environment(
            home: home, ["CHAT_SERVER": "http://127.0.0.1:\(responder.port)", "CHAT_TOKEN": "a.b.c"])
        let result = try await ChatctlProcess.run(["conversations", "list"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is http://127.0.0.1:\(responder.port) a chat server speaking the 'conversations' dialect?"))
    }
}
