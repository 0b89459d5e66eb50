import ChatClientKit
import Foundation
import Testing
import TestSupport

/// The real `chat-tui` speaking `socketio` in tmux against a real python-socketio server behind
/// a fault proxy: the list from REST kept fresh by `conversation_update`, a customer's message
/// with escapes in it, an acknowledged answer, a notification, and a dead network noticed
/// from the server's ping timing (the app's own idle deadline and WebSocket pings are set far
/// beyond the test).
@Suite(.live, .serialized) struct SocketIOTUIEndToEndTests {
    @Test func anAgentAnswersSeesUpdatesAndANotificationAndSurvivesAKilledNetwork() async throws {
        var options = SocketIOServer.Options()
        options.pingInterval = 1
        options.pingTimeout = 1
        let server = try await SocketIOServer.start(options)
        let proxy = try await FaultProxy.start(upstreamPort: server.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-sio-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
        let tokenFile = directory + "/token"
        #expect(FileManager.default.createFile(
            atPath: tokenFile, contents: Data(try await server.token(for: "alice").utf8), attributes: [.posixPermissions: 0o600]))

        let quiet = try await server.createConversation(contact: "Bruno Lima")
        let ana = try await server.createConversation(contact: "Ana Souza")
        try await server.customerWrites("Oi, meu pedido \u{1B}[31m123\u{1B}[0m não chegou", in: ana)
        var environment = TUIFixture.fastTimings
        environment.merge([
            "HOME": directory, "XDG_STATE_HOME": directory + "/state", "XDG_CONFIG_HOME": directory + "/config",
            "LANG": "C.UTF-8", "CHAT_TOKEN": "", "NO_COLOR": "", "CHAT_TUI_IDLE_TIMEOUT": "600", "CHAT_TUI_PING_INTERVAL": "600",
        ]) { $1 }
        let tui = try TmuxSession(
            [TUIFixture.binary, "--server", "http://127.0.0.1:\(proxy.port)", "--dialect", "socketio", "--token-file", tokenFile],
            environment: environment)
        try await tui.waitFor("● connected · 2 convs", "c close · o reopen · R refresh", "Ana Souza", "Bruno Lima")

        try await tui.press("Enter")
        let opened = try await tui.waitFor("client  Oi, meu pedido ␛[31m123␛[0m não chegou")
        #expect(!opened.contains("\u{1B}"))
        try tui.type("Olá Ana, vou verificar")
        try await tui.press("Enter")
        try await tui.waitFor("you     Olá Ana, vou verificar ✓")
        #expect(try await server.storedMessages(in: ana).compactMap { $0["content"]?.stringValue }.last == "Olá Ana, vou verificar")

        try await server.customerWrites("Bom dia, é o Bruno", in: quiet)
        try await tui.waitFor("Bom dia, é o Bruno")
        try await server.hook("/test/notify", ["userId": "alice", "title": "SLA", "message": "Bruno espera", "type": "warning"])
        try await tui.waitFor("SLA: Bruno espera")

        proxy.setMode(.blackhole)
        try await tui.waitFor("reconnecting in")
        try tui.type("durante a queda")
        try await tui.press("Enter")
        proxy.setMode(.pass)
        try await tui.waitFor("you     durante a queda ✓", timeout: .seconds(60))
        let stored = try await server.storedMessages(in: ana).compactMap { $0["content"]?.stringValue }
        #expect(stored.filter { $0 == "durante a queda" }.count == 1)

        try await tui.press("C-c")
        #expect(try await tui.waitForExit() == 0)
        try await proxy.stop()
        await server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
