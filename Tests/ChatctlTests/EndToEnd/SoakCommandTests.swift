import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// `soak` as the real binary, through the fault proxy: it must report every outage and
/// prove each message stored exactly once, and name a duplicate the server stored.
@Suite(.live) struct SoakCommandTests {
    /// soak's NDJSON stdout, read as it comes.
    final class Events {
        let soak: ChatctlProcess
        private(set) var all: [[String: Any]] = []

        init(_ soak: ChatctlProcess) {
            self.soak = soak
        }

        /// Reads lines until one matches, and returns it.
        @discardableResult
        func next(_ what: String, where matches: ([String: Any]) -> Bool) async throws -> [String: Any] {
            while let line = try await soak.lines.next(timeout: .seconds(60), waitingFor: what) {
                let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                all.append(event)
                if matches(event) { return event }
            }
            let result = try await soak.finish(timeout: .seconds(10))
            throw SoakEnded(waitingFor: what, status: result.status, stderr: result.stderr, last: all.suffix(3).map { "\($0)" })
        }

        /// The `sent` event of message `number`, read already or still to come.
        func sent(_ number: Int) async throws -> [String: Any] {
            let isIt: ([String: Any]) -> Bool = { $0["event"] as? String == "sent" && $0["n"] as? Int == number }
            if let seen = all.first(where: isIt) { return seen }
            return try await next("message #\(number) to be queued", where: isIt)
        }

        /// How many messages soak has queued so far, as far as read.
        var sentCount: Int {
            all.filter { $0["event"] as? String == "sent" }.count
        }

        func reconnected() async throws {
            try await next("an outage to end") { $0["event"] as? String == "outage_ended" }
        }

        struct SoakEnded: Error {
            let waitingFor: String
            let status: Int32
            let stderr: String
            let last: [String]
        }
    }

    static func soak(_ id: String, _ cli: CLI, through proxy: FaultProxy, _ extra: [String]) throws -> Events {
        var environment = cli.environment
        environment["CHAT_SERVER"] = "http://127.0.0.1:\(proxy.port)"
        let arguments = ["soak", id, "--dead-after", "2", "--verify-every", "0.5", "--drain-timeout", "120", "-o", "ndjson"] + extra
        return Events(try ChatctlProcess(arguments, environment: environment))
    }

    static func report(_ result: ChatctlProcess.Result) throws -> [String: Any] {
        let last = try #require(result.lines.last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(report["event"] as? String == "report")
        return report
    }

    /// Sends until Ctrl-C, through a reset, a refusal and a blackhole, each while sending.
    @Test(.timeLimit(.minutes(5)))
    func resetsRefusalsAndABlackholeLoseAndDuplicateNothing() async throws {
        let server = try await Fixture.server()
        let cli = try await CLI.make(server)
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let proxy = try await FaultProxy.start(upstreamPort: server.port)
        let file = cli.home.appendingPathComponent("report.json").path
        let events = try Self.soak(id, cli, through: proxy, ["--rate", "1.5/s", "--report", file])

        try await events.sent(4)
        proxy.resetAll()
        try await events.reconnected()
        try await events.sent(events.sentCount + 2)
        proxy.setMode(.refuse)
        try await events.next("the refusal to be noticed") { $0["event"] as? String == "state" && $0["state"] as? String != "connected" }
        try await events.sent(events.sentCount + 2)
        proxy.setMode(.pass)
        try await events.reconnected()
        try await events.sent(events.sentCount + 2)
        proxy.setMode(.blackhole)
        try await events.next("the blackhole to be noticed") { $0["event"] as? String == "state" && $0["state"] as? String != "connected" }
        proxy.setMode(.pass)
        try await events.reconnected()
        try await events.sent(events.sentCount + 1)
        events.soak.signal(SIGINT)

        let result = try await events.soak.finish(timeout: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.report(result)
        let sent = try #require(report["sent"] as? Int)
        #expect(sent >= 10)
        #expect(report["stored_once"] as? Int == sent)
        #expect((report["lost"] as? [Int])?.isEmpty == true)
        #expect((report["undelivered"] as? [Int])?.isEmpty == true)
        #expect((report["duplicated"] as? [Any])?.isEmpty == true)
        #expect((report["out_of_order"] as? [Int])?.isEmpty == true)
        #expect(report["reconnects"] as? Int ?? 0 >= 3)
        #expect((report["outages"] as? [Double])?.count ?? 0 >= 3)
        #expect((report["note"] as? String)?.hasPrefix("interrupted after \(sent) messages") == true, "Ctrl-C stops sending, still reports")
        #expect(report["verdict"] as? String == "PASS: every message stored exactly once, in order")
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        #expect(written?["stored_once"] as? Int == sent, "--report holds the same report")
        try await proxy.stop()
    }

    /// soak sends until Ctrl-C, so it reads the history back only after the repeat is stored.
    /// (On a server that does not deduplicate, a message whose socket was dropped while the
    /// server still held it unread can be stored twice after the resend; a very loaded
    /// machine showed one such besides #3, which soak named too.)
    @Test(.timeLimit(.minutes(5)))
    func aDuplicateStoredByTheServerFailsTheRunAndIsNamed() async throws {
        var options = ServerOptions()
        options.deduplicates = false
        let server = try await ChatServerProcess.start(options)
        let cli = try await CLI.make(server)
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let proxy = try await FaultProxy.start(upstreamPort: server.port)
        let events = try Self.soak(id, cli, through: proxy, ["--rate", "4/s"])

        let third = try await events.sent(3)
        let clientID = try #require(third["client_id"] as? String)
        try await events.next("#3 to be confirmed") { $0["event"] as? String == "confirmed" && $0["n"] as? Int == 3 }
        let api = try ChatAPI(settings: ClientSettings(server: try ServerAddress(server.baseURL), token: try BearerToken(cli.token)))
        _ = try await api.sendMessage(MessageDraft(
            conversationID: ConversationID(try #require(UUID(uuidString: id))), sender: .admin, kind: .text,
            content: "a repeat of #3", metadata: [Message.clientMessageIDKey: .string(clientID)]))
        await api.shutdown()
        events.soak.signal(SIGINT)

        let result = try await events.soak.finish(timeout: .seconds(90))
        #expect(result.status == 1)
        let report = try Self.report(result)
        let duplicated = try #require(report["duplicated"] as? [[String: Int]])
        #expect(duplicated.contains(["number": 3, "times": 2]), "\(duplicated)")
        #expect((report["lost"] as? [Int])?.isEmpty == true)
        #expect((report["verdict"] as? String)?.contains("#3 ×2") == true)
        try await proxy.stop()
        await server.stop()
    }
}
