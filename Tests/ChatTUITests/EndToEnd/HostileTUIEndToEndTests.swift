import Foundation
import Testing
import TestSupport

/// The real chat-tui binary in tmux against a hostile server that floods it.
@Suite struct HostileTUIEndToEndTests {
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

    @Test func aBurstOf20000MessagesLeavesItResponsiveAndCtrlCQuitsPromptly() async throws {
        let server = try await HostileServer.start(.messageBurst(count: 20_000))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-burst-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tui = try launch(against: server, directory: directory)
        try await tui.waitFor("hostile")
        try await tui.press("Enter")
        try await tui.waitFor("burst ", timeout: .seconds(60))
        try await tui.press("Escape", "?")
        try await tui.waitFor("┌ Keys", timeout: .seconds(5))
        try await tui.press("Escape", "C-c")
        #expect(try await tui.waitForExit(timeout: .seconds(30)) == 0)
        await server.stop()
    }

    @Test func twentyMegabyteRepliesLeaveItResponsive() async throws {
        let server = try await HostileServer.start(.hugeFields(bytes: 20 << 20))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-huge-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tui = try launch(against: server, directory: directory)
        try await tui.waitFor("hostile lorem", timeout: .seconds(60))
        try await tui.press("Enter")
        try await tui.waitFor("enormous lorem", timeout: .seconds(60))
        try await tui.press("Escape", "?")
        try await tui.waitFor("┌ Keys", timeout: .seconds(5))
        try await tui.press("Escape", "q")
        #expect(try await tui.waitForExit(timeout: .seconds(30)) == 0)
        await server.stop()
    }

    @Test func thirtyThousandConversationsKeepTheListResponsive() async throws {
        let server = try await HostileServer.start(.manyConversations(count: 30_000))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-many-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tui = try launch(against: server, directory: directory)
        try await tui.waitFor("Conversations (30000)", timeout: .seconds(60))
        try await tui.press("G")
        try await tui.waitFor("listed 1999", timeout: .seconds(5))
        try await tui.press("q")
        #expect(try await tui.waitForExit(timeout: .seconds(30)) == 0)
        await server.stop()
    }
}
