import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// The README's scripted example, run by bash exactly as README.md shows it.
@Suite(.live) struct ScriptedExampleTests {
    static let script = """
        set -euo pipefail
        ID=$(chatctl conversations create --client-id "$CUSTOMER" --channel web \\
              --priority High --summary "Order 1234 never arrived" -q)
        chatctl messages send "$ID" "Sorry about that! A replacement ships today." -q >/dev/null
        chatctl conversations close "$ID" -q >/dev/null
        chatctl conversations list --client-id "$CUSTOMER" --status closed --json
        """

    @Test func createSendCloseThenListAsJSON() async throws {
        let cli = try await CLI.make()
        defer { cli.cleanUp() }
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../README.md")
        #expect(try String(contentsOf: docs, encoding: .utf8).contains(Self.script), "README.md shows this script")
        let customer = UUID().wireString
        var environment = cli.environment
        environment["PATH"] = URL(fileURLWithPath: ChatctlProcess.binary).deletingLastPathComponent().path + ":" + environment["PATH", default: ""]
        environment["CUSTOMER"] = customer
        let result = try await ChatctlProcess(["-c", Self.script], environment: environment, executable: "/bin/bash").finish()
        #expect(result.status == 0, "\(result.stderr)")
        let conversations = try ChatJSON.decode([Conversation].self, from: Data(result.stdout.utf8))
        let conversation = try #require(conversations.first)
        #expect(conversations.count == 1)
        #expect(conversation.status == .closed)
        #expect(conversation.priority == .high)
        let history = try await cli.json([Message].self, ["messages", "list", conversation.id.rawValue])
        #expect(history.map(\.content) == ["Sorry about that! A replacement ships today."])
    }
}
