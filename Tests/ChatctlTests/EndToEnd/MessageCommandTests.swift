import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// Every `messages` command, run as the real binary against the real server.
@Suite(.live) struct MessageCommandTests {
    @Test func sendFromArgumentAndStdinWithTypeAndSender() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let text = try await cli.json(Message.self, ["messages", "send", id, "Hello, how can I help?"])
        #expect(text.content == "Hello, how can I help?")
        #expect(text.sender == .admin)
        #expect(text.kind == .text)
        #expect(text.clientMessageID != nil)

        let piped = try await cli.run(["messages", "send", id, "-", "--as", "client", "--type", "image", "--json"],
                                      stdin: Data("line one\nline two\n".utf8))
        #expect(piped.status == 0)
        let image = try ChatJSON.decode(Message.self, from: Data(piped.stdout.utf8))
        #expect(image.content == "line one\nline two")
        #expect(image.sender == .client)
        #expect(image.kind == .image)

        let empty = try await cli.run(["messages", "send", id, "-"], stdin: Data("\n".utf8))
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("the message is empty"))
    }

    @Test func sameIdempotencyKeyStoresOneMessage() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let send = ["messages", "send", id, "Your refund is on its way", "--idempotency-key", "refund-1234", "-q"]
        let first = try await cli.output(send)
        let again = try await cli.run(send)
        #expect(again.status == 0)
        #expect(again.output == first)
        #expect(again.stderr.contains("already sent"))
        let history = try await cli.json([Message].self, ["messages", "list", id])
        #expect(history.map(\.id.rawValue) == [first])
        #expect(history.first?.clientMessageID == "refund-1234")
    }

    @Test func sendingToAClosedConversationIsRejectedWithAHint() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        _ = try await cli.output(["conversations", "close", id])
        let result = try await cli.run(["messages", "send", id, "hello?"])
        #expect(result.status == 65)
        #expect(result.stderr == "chatctl: conversation \(id) is closed; reopen it with 'chatctl conversations reopen \(id)'\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func listShowsHistoryOldestFirstAndPagesBack() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        var sent: [String] = []
        for number in 1...5 { sent.append(try await cli.output(["messages", "send", id, "message \(number)", "-q"])) }

        #expect(try await cli.output(["messages", "list", id, "-q"]).split(separator: "\n").map(String.init) == sent)
        let newest = try await cli.run(["messages", "list", id, "--limit", "2", "-q"])
        #expect(newest.lines == Array(sent[3...]))
        #expect(newest.stderr == "showing the newest 2 messages; use --all, or --before \(sent[3]) for older ones\n")
        let older = try await cli.run(["messages", "list", id, "--limit", "2", "--before", sent[3], "-q"])
        #expect(older.lines == Array(sent[1...2]))
        let everything = try await cli.run(["messages", "list", id, "--limit", "2", "--all", "-q"])
        #expect(everything.lines == sent)
        #expect(everything.stderr.isEmpty)

        let missing = UUID().wireString
        let unknown = try await cli.run(["messages", "list", id, "--before", missing])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("message \(missing) does not exist"))
    }

    @Test func markReadReportsHowManyChanged() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let first = try await cli.output(["messages", "send", id, "one", "--as", "client", "-q"])
        let second = try await cli.output(["messages", "send", id, "two", "--as", "client", "-q"])
        #expect(try await cli.output(["messages", "mark-read", first, "-o", "table"]) == "Marked 1 of 1 message read.")
        let result = try await cli.json(MarkReadResult.self, ["messages", "mark-read", first, second])
        #expect(result.markedCount == 1)
        #expect(try await cli.output(["messages", "mark-read", first, second, "-o", "tsv"]) == "0")
        #expect(try await cli.output(["messages", "mark-read", first, "-q"]).isEmpty)
        let history = try await cli.json([Message].self, ["messages", "list", id])
        #expect(history.allSatisfy { $0.isRead })
    }

    @Test func unknownConversationIsNotFound() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = UUID().wireString
        for command in [["send", id, "hi"], ["list", id]] {
            let result = try await cli.run(["messages"] + command)
            #expect(result.status == 66, "\(command)")
            #expect(result.stderr.contains("conversation \(id) does not exist"))
        }
    }
}

extension MessageCommandTests {
    @Test func contentTheServerRefusesExitsWith65() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let result = try await cli.run(["messages", "send", id, "-"], stdin: Data(String(repeating: "x", count: 5_001).utf8))
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("chatctl: the server rejected the request (content: "))
        #expect(result.stderr.contains("at most 5000 characters"))
    }
}
