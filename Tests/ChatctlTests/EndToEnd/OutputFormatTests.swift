import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// Each output format, `-q`, colour and terminal safety, through the real binary.
@Suite(.live) struct OutputFormatTests {
    @Test func pipedOutputDefaultsToTSVAndEachFormatParses() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let client = UUID()
        let first = try await cli.createConversation(client: client, ["--summary", "first", "--tag", "a"])
        let second = try await cli.createConversation(client: client, ["--summary", "second"])
        let list = ["conversations", "list", "--client-id", client.wireString]

        let tsv = try await cli.output(list).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(tsv.count == 2)
        #expect(tsv.allSatisfy { $0.count == 10 })
        #expect(Set(tsv.map { String($0[0]) }) == [first, second])
        #expect(tsv.allSatisfy { Timestamp.parse(String($0[7])) != nil && $0[7].hasSuffix("Z") })

        let json = try await cli.json([Conversation].self, list)
        #expect(Set(json.map(\.id.rawValue)) == [first, second])
        #expect(try await cli.output(list + ["-o", "json"]) == (try await cli.output(list + ["--json"])))

        let ndjson = try await cli.output(list + ["-o", "ndjson"]).split(separator: "\n")
        #expect(try ndjson.map { try ChatJSON.decode(Conversation.self, from: Data($0.utf8)) } == json)

        let table = try await cli.output(list + ["-o", "table"]).split(separator: "\n")
        #expect(table.count == 3)
        #expect(table[0].hasPrefix("ID"))
        #expect(table[0].contains("STATUS") && table[0].contains("SUMMARY"))
        #expect(table[1...].allSatisfy { $0.contains(" active ") })

        #expect(Set(try await cli.output(list + ["-q"]).split(separator: "\n").map(String.init)) == [first, second])
    }

    @Test func quietCreateGivesJustTheId() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let result = try await cli.run(["conversations", "create", "--client-id", UUID().wireString, "--channel", "email", "-q"])
        #expect(result.status == 0)
        #expect(UUID(uuidString: result.output) != nil)
        #expect(result.stdout == result.output + "\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func colourOnlyWhenAskedOrOnATerminal() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID())
        let plain = try await cli.output(["conversations", "get", id, "-o", "table"])
        #expect(!plain.contains("\u{1B}"))
        let coloured = try await cli.output(["conversations", "get", id, "-o", "table", "--color", "always"])
        #expect(coloured.contains("\u{1B}[32mactive\u{1B}[0m"))
        let never = try await cli.run(["conversations", "get", id, "-o", "table", "--color", "never"])
        #expect(!never.stdout.contains("\u{1B}"))
    }

    @Test func hostileContentNeverReachesTheTerminalRaw() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID(), ["--summary", "evil\u{1B}]0;pwned\u{07}"])
        let hostile = "hi\u{1B}[2J\u{1B}]8;;http://x\u{07}link\u{9B}31m \u{202E}txt.exe\nsecond line"
        _ = try await cli.output(["messages", "send", id, hostile, "--as", "client"])
        for format in ["table", "tsv", "json", "ndjson"] {
            let list = try await cli.run(["messages", "list", id, "-o", format])
            #expect(list.status == 0)
            #expect(!list.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E }, "\(format)")
            let get = try await cli.run(["conversations", "get", id, "-o", format])
            #expect(!get.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(format)")
        }
        let tsv = try await cli.output(["messages", "list", id, "-o", "tsv"])
        #expect(tsv.split(separator: "\n").count == 1)
        #expect(tsv.hasSuffix(#"hi\x1b[2J\x1b]8;;http://x\x07link\u009b31m \u202etxt.exe\nsecond line"#))
        let json = try await cli.json([Message].self, ["messages", "list", id])
        #expect(json.first?.content == hostile)
    }

    @Test func aRealTerminalGetsATable() async throws {
        let script = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux 'script' provides the pseudo-terminal")
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let id = try await cli.createConversation(client: UUID(), ["--summary", "on a tty"])
        let command = "'\(ChatctlProcess.binary)' conversations get \(id)"
        let result = try await ChatctlProcess(
            ["-qec", command, "/dev/null"], environment: cli.environment.merging(["TERM": "xterm"]) { $1 },
            executable: script
        ).finish()
        #expect(result.status == 0)
        #expect(result.stdout.contains("Summary:"))
        #expect(result.stdout.contains("on a tty"))
        #expect(result.stdout.contains("\u{1B}[32mactive"))
    }

    @Test func completionScriptsAreGenerated() async throws {
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        for shell in ["bash", "zsh", "fish"] {
            let result = try await ChatctlProcess.run(
                ["--generate-completion-script", shell], environment: Fixture.environment(home: home))
            #expect(result.status == 0)
            #expect(result.stdout.contains("conversations"))
            #expect(result.stdout.contains("mark-read"))
        }
    }
}
