import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// Every `conversations` command, run as the real binary against the real server.
@Suite(.live) struct ConversationCommandTests {
    @Test func createWithEveryFlagThenGet() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let client = UUID()
        let agent = UUID()
        let created = try await cli.json(Conversation.self, [
            "conversations", "create", "--client-id", client.wireString, "--channel", "whatsapp", "--priority", "high",
            "--summary", "Order 1234 late", "--tag", "vip", "--tag", "late", "--status", "pending", "--agent", agent.wireString,
        ])
        #expect(created.clientID == client.wireString)
        #expect(created.channel == .whatsapp)
        #expect(created.priority == .high)
        #expect(created.summary == "Order 1234 late")
        #expect(created.tags == ["vip", "late"])
        #expect(created.status == .pending)
        #expect(created.assignedAgentID == agent.wireString)
        let fetched = try await cli.json(Conversation.self, ["conversations", "get", created.id.rawValue])
        #expect(fetched == created)
    }

    @Test func updateChangesOnlyTheFieldsGiven() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID(), ["--summary", "before", "--tag", "a"])
        let agent = UUID()
        let updated = try await cli.json(Conversation.self, [
            "conversations", "update", id, "--priority", "Medium", "--tag", "b", "--tag", "c", "--agent", agent.wireString,
        ])
        #expect(updated.priority == .medium)
        #expect(updated.tags == ["b", "c"])
        #expect(updated.assignedAgentID == agent.wireString)
        #expect(updated.summary == "before")
        let nothing = try await cli.run(["conversations", "update", id])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("nothing to change"))
    }

    @Test func closeReopenAndPendingSetTheStatus() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        for (command, status) in [("close", "closed"), ("reopen", "active"), ("pending", "pending")] {
            #expect(try await cli.output(["conversations", command, id, "-o", "tsv"]).split(separator: "\t")[1] == status[...])
            #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).status.rawValue == status)
        }
    }

    @Test func deleteNeedsYesWithoutATerminalAndThenCloses() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let refused = try await cli.run(["conversations", "delete", id], stdin: Data("y\n".utf8))
        #expect(refused.status == 64)
        #expect(refused.stderr == "chatctl: refusing to delete conversation \(id) without confirmation; pass --yes\n")
        #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).status == .active)

        let deleted = try await cli.run(["conversations", "delete", id, "--yes", "--json"])
        #expect(deleted.status == 0)
        let reply = try JSONSerialization.jsonObject(with: Data(deleted.stdout.utf8)) as? [String: Any]
        #expect(reply?["id"] as? String == id)
        #expect(reply?["deleted"] as? Bool == true)
        #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).status == .closed)
        #expect(try await cli.output(["conversations", "delete", id, "-y", "-q"]) == id)
    }

    @Test func markReadClearsTheUnreadCount() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        _ = try await cli.output(["messages", "send", id, "where is my order?", "--as", "client"])
        #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).unreadCount == 1)
        let marked = try await cli.json(Conversation.self, ["conversations", "mark-read", id])
        #expect(marked.unreadCount == 0)
    }

    @Test func listFiltersPagesAndSaysWhenCut() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let client = UUID()
        var ids: [String] = []
        for priority in ["Low", "High", "High", "Medium", "High"] {
            ids.append(try await cli.createConversation(client: client, ["--priority", priority, "--summary", "parcel \(priority)"]))
        }
        _ = try await cli.output(["conversations", "close", ids[0]])
        let mine = ["conversations", "list", "--client-id", client.wireString]

        let all = try await cli.json([Conversation].self, mine)
        #expect(Set(all.map(\.id.rawValue)) == Set(ids))
        #expect(try await cli.json([Conversation].self, mine + ["--priority", "high"]).count == 3)
        #expect(try await cli.json([Conversation].self, mine + ["--status", "closed"]).map(\.id.rawValue) == [ids[0]])
        #expect(try await cli.json([Conversation].self, mine + ["--search", "parcel Medium"]).map(\.id.rawValue) == [ids[3]])

        let cut = try await cli.run(mine + ["--limit", "2", "-q"])
        #expect(cut.lines.count == 2)
        #expect(cut.stderr == "showing 2 of 5; use --all or --page 2\n")
        let second = try await cli.run(mine + ["--limit", "2", "--page", "2", "-q"])
        #expect(second.stderr == "showing 3–4 of 5; use --all or --page 3\n")
        #expect(Set(cut.lines).isDisjoint(with: second.lines))
        let paged = try await cli.run(mine + ["--limit", "2", "--all", "-q"])
        #expect(Set(paged.lines) == Set(ids))
        #expect(paged.stderr.isEmpty)
    }

    @Test func unknownIdIsNotFound() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = UUID().wireString
        for command in [["get", id], ["close", id], ["update", id, "--priority", "Low"], ["mark-read", id], ["delete", id, "--yes"]] {
            let result = try await cli.run(["conversations"] + command)
            #expect(result.status == 66, "\(command)")
            #expect(result.stderr == "chatctl: conversation \(id) does not exist; list conversations with 'chatctl conversations list'\n")
        }
    }
}

extension ConversationCommandTests {
    @Test func deleteAsksOnATerminal() async throws {
        let script = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux 'script' provides the pseudo-terminal")
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let command = "'\(ChatctlProcess.binary)' conversations delete \(id)"
        func delete(answering answer: String) async throws -> ChatctlProcess.Result {
            try await ChatctlProcess(
                ["-qec", command, "/dev/null"], environment: cli.environment, stdin: Data(answer.utf8), executable: script
            ).finish()
        }
        let declined = try await delete(answering: "n\n")
        #expect(declined.status == 1)
        #expect(declined.stdout.contains("Delete conversation \(id)? The server will close it. [y/N]"))
        #expect(declined.stdout.contains("chatctl: conversation \(id) was not deleted"))
        #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).status == .active)

        let accepted = try await delete(answering: "yes\n")
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("Deleted conversation \(id); it is now closed."))
        #expect(try await cli.json(Conversation.self, ["conversations", "get", id]).status == .closed)
    }
}
