import Foundation
import Testing
import TestSupport

/// The real chat-tui binary in tmux against a hostile server that floods it.
@Suite(.live) struct HostileTUIEndToEndTests {
    /// Starts chat-tui against `server` with a private home and token file.
    func launch(against server: HostileServer, directory: String) throws -> TmuxSession {
        try FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
        let tokenFile = directory + "/token"
        #expect(FileManager.default.createFile(
            atPath: tokenFile, contents: Data("hostile.test.token".utf8), attributes: [.posixPermissions: 0o600]))
        return try TmuxSession(
            [TUIFixture.binary, "--server", server.url, "--token-file", tokenFile, "--no-bell"],
            environment: [
                "HOME": directory, "XDG_STATE_HOME": directory + "/state", "XDG_CONFIG_HOME": directory + "/config",
                "LANG": "C.UTF-8", "CHAT_TOKEN": "", "NO_COLOR": "",
            ])
    }

    /// Runs chat-tui against a hostile server with `behaviour`; `drive` ends with the keys
    /// that quit, and chat-tui must then exit cleanly.
    func run(_ behaviour: HostileServer.Behaviour, drive: (TmuxSession) async throws -> Void) async throws {
        let server = try await HostileServer.start(behaviour)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-hostile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tui = try launch(against: server, directory: directory)
        try await drive(tui)
        #expect(try await tui.waitForExit(timeout: .seconds(30)) == 0)
        await server.stop()
    }

    @Test func aBurstOf20000MessagesLeavesItResponsiveAndCtrlCQuitsPromptly() async throws {
        try await run(.messageBurst(count: 20_000)) { tui in
            try await tui.waitFor("hostile")
            try await tui.press("Enter")
            try await tui.waitFor("burst ", timeout: .seconds(60))
            try await tui.pressEscape(until: "the list") { $0.contains("[q] quit") }
            try await tui.press("?")
            try await tui.waitFor("┌ Keys", timeout: .seconds(5))
            try await tui.press("Escape", "C-c")
        }
    }

    @Test func twentyMegabyteRepliesLeaveItResponsive() async throws {
        try await run(.hugeFields(bytes: 20 << 20)) { tui in
            try await tui.waitFor("hostile lorem", timeout: .seconds(60))
            try await tui.press("Enter")
            try await tui.waitFor("enormous lorem", timeout: .seconds(60))
            try await tui.pressEscape(until: "the list") { $0.contains("[q] quit") }
            try await tui.press("?")
            try await tui.waitFor("┌ Keys", timeout: .seconds(5))
            try await tui.pressEscape(until: "the keys closed") { !$0.contains("┌ Keys") }
            try await tui.press("q")
        }
    }

    @Test func thirtyThousandConversationsKeepTheListResponsive() async throws {
        try await run(.manyConversations(count: 30_000)) { tui in
            try await tui.waitFor("Conversations (30000)", timeout: .seconds(60))
            try await tui.press("G")
            try await tui.waitFor("listed 1999", timeout: .seconds(5))
            try await tui.press("q")
        }
    }
}
