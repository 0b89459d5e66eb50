import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// `watch` as the real binary: NDJSON events over a real WebSocket.
@Suite(.live) struct WatchCommandTests {
    /// Reads watch's stdout until a line matches, returning the lines read.
    func lines(of watch: ChatctlProcess, until predicate: (String) -> Bool) async throws -> [String] {
        var seen: [String] = []
        while let line = try await watch.lines.next(timeout: .seconds(30), waitingFor: "a watch event") {
            seen.append(line)
            if predicate(line) { return seen }
        }
        return seen
    }

    @Test func printsAMessageSentByRESTAndStopsAtCount() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        _ = try await cli.output(["messages", "send", id, "sent before the watch"])
        let watch = try ChatctlProcess(["watch", id, "--count", "1", "--timeout", "60"], environment: cli.environment)
        let early = try await lines(of: watch) { $0.contains(#""state":"connected""#) }
        #expect(early.first?.contains(#""state":"connecting""#) == true)

        let sent = try await cli.output(["messages", "send", id, "hello from REST", "--as", "client", "-q"])
        let result = try await watch.finish(timeout: .seconds(30))
        #expect(result.status == 0, "\(result.stderr)")
        let events = try (early + result.lines.map { $0 + "\n" }).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.allSatisfy { $0["conversation_id"] as? String == id && $0["time"] is String })
        let messages = events.filter { $0["event"] as? String == "message" }
        #expect(messages.count == 1)
        let message = try #require(messages.first?["message"] as? [String: Any])
        #expect(message["id"] as? String == sent)
        #expect(message["content"] as? String == "hello from REST")
        #expect(events.last?["event"] as? String == "message")
    }

    @Test func watchesSeveralConversationsAtOnce() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let first = try await cli.createConversation(client: UUID())
        let second = try await cli.createConversation(client: UUID())
        let watch = try ChatctlProcess(["watch", first, second, "--count", "1"], environment: cli.environment)
        var connected = Set<String>()
        while connected.count < 2, let line = try await watch.lines.next(timeout: .seconds(30), waitingFor: "connections") {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if event?["state"] as? String == "connected", let id = event?["conversation_id"] as? String { connected.insert(id) }
        }
        #expect(connected == [first, second])
        _ = try await cli.output(["messages", "send", second, "to the second", "--as", "client"])
        let result = try await watch.finish(timeout: .seconds(30))
        #expect(result.status == 0)
        #expect(result.lines.filter { $0.contains(#""event":"message""#) }.count == 1)
        #expect(result.stdout.contains(#""content":"to the second""#))
        #expect(result.stdout.contains(#""conversation_id":"\#(second)""#))
    }

    @Test func endsWithSuccessAtTheTimeoutWhenNotCounting() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let result = try await cli.run(["watch", id, "--timeout", "4"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.lines.first?.contains(#""state":"connecting""#) == true)
    }

    @Test func interruptEndsCleanly() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let watch = try ChatctlProcess(["watch", id], environment: cli.environment)
        _ = try await lines(of: watch) { $0.contains(#""state":"connected""#) }
        watch.signal(SIGINT)
        let result = try await watch.finish(timeout: .seconds(30))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }

    @Test func failsBeforeConnectingOnBadTokenOrUnknownConversation() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let badToken = try await cli.run(["watch", id], environment: ["CHAT_TOKEN": "bad.token.value"])
        #expect(badToken.status == 77)
        #expect(badToken.stdout.isEmpty)
        let unknown = UUID().wireString
        let missing = try await cli.run(["watch", id, unknown, "--timeout", "5"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("conversation \(unknown) does not exist"))
    }
}
