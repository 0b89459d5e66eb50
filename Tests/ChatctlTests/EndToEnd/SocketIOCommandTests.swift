import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// chatctl against a real Socket.IO server (the python-socketio fixture): the conversation
/// list and its limits, status changes, time-paged history, messages sent over the socket
/// with an idempotency key, watch, and the exit codes. One server per test.
@Suite(.live, .timeLimit(.minutes(5)))
struct SocketIOCommandTests {
    struct Rig {
        let server: SocketIOServer
        let cli: CLI

        static func start() async throws -> Rig {
            let server = try await SocketIOServer.start()
            return Rig(server: server, cli: try await CLI.make(socketIO: server))
        }

        func run(_ arguments: [String], token: String? = nil) async throws -> ChatctlProcess.Result {
            try await cli.run(arguments, environment: token.map { ["CHAT_TOKEN": $0] } ?? [:])
        }

        func output(_ arguments: [String]) async throws -> String {
            try await cli.output(arguments)
        }

        func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) async throws -> T {
            try await cli.json(type, arguments)
        }

        func stop() async {
            await server.stop()
            cli.cleanUp()
        }
    }

    @Test func theListIsOnePageFilteredByStatusOnly() async throws {
        let rig = try await Rig.start()
        let first = try await rig.server.createConversation(contact: "Ana")
        let second = try await rig.server.createConversation(contact: "Bruno")
        try await rig.server.customerWrites("oi", in: first)
        let listed = try await rig.json(JSONValue.self, ["conversations", "list"]).arrayValue ?? []
        #expect(listed.map { $0["id"]?.stringValue } == [first, second], "newest activity first")
        #expect(listed.first?["summary"]?.stringValue == "Ana")
        #expect(listed.first?["unread_count"]?.intValue == 1)
        #expect(listed.first?["channel"] == .null, "socketio conversations have no channel")
        let tsv = try await rig.output(["conversations", "list", "-o", "tsv", "--status", "active"])
        #expect(tsv.split(separator: "\n").count == 2)

        let filtered = try await rig.run(["conversations", "list", "--search", "Ana", "--priority", "high"])
        #expect(filtered.status == 64)
        #expect(filtered.stderr.contains("filtered by --status only: --priority, --search cannot apply"))
        await rig.stop()
    }

    @Test func closeReopenAndGet() async throws {
        let rig = try await Rig.start()
        let id = try await rig.server.createConversation()
        #expect(try await rig.json(JSONValue.self, ["conversations", "close", id])["status"] == "closed")
        #expect(try await rig.json(JSONValue.self, ["conversations", "get", id])["status"] == "closed")
        let refused = try await rig.run(["messages", "send", id, "hello?"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("is closed"))
        #expect(try await rig.json(JSONValue.self, ["conversations", "reopen", id])["status"] == "active")
        let missing = try await rig.run(["conversations", "get", "no-such-conversation"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("conversation no-such-conversation does not exist"))
        await rig.stop()
    }

    @Test func historyPagesByTime() async throws {
        let rig = try await Rig.start()
        let id = try await rig.server.createConversation()
        for index in 1...3 { try await rig.server.customerWrites("m\(index)", in: id) }
        let newest = try await rig.run(["messages", "list", id, "--limit", "2", "-o", "tsv"])
        #expect(newest.output.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) } == ["m2", "m3"])
        let note = try #require(newest.stderr.split(separator: "--before ").last?.split(separator: " ").first)
        let older = try await rig.output(["messages", "list", id, "--before", String(note), "-o", "tsv"])
        #expect(older.split(separator: "\t").last == "m1")
        #expect(try await rig.json([Message].self, ["messages", "list", id, "--all", "--limit", "1"]).map(\.content) == ["m1", "m2", "m3"])
        let wrong = try await rig.run(["messages", "list", id, "--before", "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("this server pages history by time"))
        await rig.stop()
    }

    @Test func aSendGoesOverTheSocketOnceWhateverTheRetries() async throws {
        let rig = try await Rig.start()
        let id = try await rig.server.createConversation()
        let sent = try await rig.json(Message.self, ["messages", "send", id, "Olá, aqui é a Alice", "--idempotency-key", "k-1"])
        #expect(sent.content == "Olá, aqui é a Alice")
        #expect(sent.clientMessageID == "k-1")
        let again = try await rig.run(["messages", "send", id, "Olá, aqui é a Alice", "--idempotency-key", "k-1", "--json"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("was already sent; not sending it again"))
        #expect(try await rig.server.storedMessages(in: id).count == 1)
        let asCustomer = try await rig.run(["messages", "send", id, "x", "--as", "client"])
        #expect(asCustomer.status == 64)
        await rig.stop()
    }

    @Test func watchPrintsLiveMessagesAsNDJSON() async throws {
        let rig = try await Rig.start()
        let id = try await rig.server.createConversation()
        try await rig.server.customerWrites("before the watch", in: id)
        async let watched = rig.run(["watch", id, "--count", "1", "--timeout", "30"])
        try await waitUntilRegistered(rig.server)
        try await rig.server.customerWrites("during \u{1B}[2J the watch", in: id)
        let result = try await watched
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map { try? ChatJSON.decode(JSONValue.self, from: Data($0.utf8)) }
        let messages = lines.compactMap { $0 }.filter { $0["event"]?.stringValue == "message" }
        #expect(messages.map { $0["message"]?["content"]?.stringValue } == ["during \u{1B}[2J the watch"])
        #expect(!result.output.contains("\u{1B}"), "escaped in JSON, never raw")
        await rig.stop()
    }

    @Test func badTokensExit77() async throws {
        let rig = try await Rig.start()
        let expired = try await rig.server.token(for: "alice", expiresIn: -60)
        let list = try await rig.run(["conversations", "list"], token: expired)
        #expect(list.status == 77)
        let id = try await rig.server.createConversation()
        let send = try await rig.run(["messages", "send", id, "hi"], token: expired)
        #expect(send.status == 77)
        #expect(send.stderr.contains("jwt expired"))
        await rig.stop()
    }

    /// Waits until a socket of alice's has registered with the server (a watch is listening).
    private func waitUntilRegistered(_ server: SocketIOServer) async throws {
        try await eventually("a socket of alice's to register") {
            try await server.http.get("/test/state").json()["registered"]?["alice"] != nil
        }
    }
}
