import ChatClientKit
import Foundation
import Testing
import TestSupport

/// The real `chat-tui` binary in tmux against the real `chat-server` behind a fault proxy.
/// Every wait polls the screen or the server with a deadline; nothing asserts on durations.
@Suite(.live, .serialized) struct ChatTUIEndToEndTests {
    @Test func openSendReceiveTypingCloseAndReopen() async throws {
        let fixture = try await TUIFixture.start()
        let id = try await fixture.createConversation(summary: "E2E printer on fire")
        let tui = try fixture.launch()
        try await tui.waitFor("E2E printer on fire", "● connected · 1 conv · outbox 0")
        try await tui.press("Enter")
        try await tui.waitFor("┌ E2E printer on fire · whatsapp · High · active", "> type here", "no messages yet")

        try tui.type("hello from tmux 日本語 👍")
        try await tui.press("Enter")
        try await fixture.waitForServer("the agent's message", conversation: id) { stored in
            stored.contains { $0["content"]?.stringValue == "hello from tmux 日本語 👍" && $0["sender"]?.stringValue == "admin" }
        }
        try await tui.waitFor("you     hello from tmux 日本語 👍 ✓")

        try await fixture.post("customer says hi", to: id)
        try await tui.waitFor("client  customer says hi")

        let colleague = try await fixture.server.connect(conversation: id, token: try fixture.server.token(sub: "agent-2"))
        // The server clears typing after 3 s; like a person typing, the colleague refreshes it
        // (a few times at most: the server allows 10 typing events a minute).
        var seen = false
        for _ in 0..<5 where !seen {
            colleague.send(type: "typing_start")
            seen = (try? await tui.waitFor("agent-2 is typing…", timeout: .seconds(3))) != nil
        }
        #expect(seen, "agent-2 is typing… shown")
        colleague.close()

        let hostile = "look \u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mred\u{202E}txt"
        try await fixture.post(hostile, to: id)
        try await tui.waitFor("client  look ␛]0;pwned␇␛[2J␛[31mred<U+202E>txt")
        #expect(try tui.paneTitle() != "pwned")

        try await tui.pressEscape(until: "the list") { $0.contains("[q] quit") }
        try await tui.press("c")
        try await tui.waitFor("· closed ─", "✗ closed — press o to reopen")
        #expect(try await fixture.status(of: id) == "closed")
        try await tui.press("o")
        try await tui.waitForScreen("the conversation to be active again") { screen in
            screen.contains("· High · active ─") && !screen.contains("✗ closed")
        }
        #expect(try await fixture.status(of: id) == "active")
        #expect(try await fixture.messages(of: id).contents.filter { $0.hasPrefix("hello from tmux") }.count == 1)
        #expect(try await fixture.finish() == 0)
    }

    @Test func messagesTypedWhileTheServerIsUnreachableAreDeliveredOnceAfterCtrlR() async throws {
        let fixture = try await TUIFixture.start()
        let id = try await fixture.createConversation(summary: "E2E outage")
        // Retries a few seconds apart, so the reconnecting state stays on screen long enough to be seen.
        let tui = try fixture.launch(extraEnvironment: [
            "CHAT_TUI_MAX_ATTEMPTS": "2", "CHAT_TUI_QUIET_RETRY": "600", "CHAT_TUI_BACKOFF_BASE": "4",
            "CHAT_TUI_BACKOFF_CAP": "4",
        ])
        try await tui.waitFor("E2E outage")
        try await tui.press("Enter")
        try await tui.waitFor("● connected", "no messages yet")

        fixture.proxy.setMode(.refuse)
        try await tui.waitFor("reconnecting in", "(attempt 1)")
        try await tui.waitFor("○ offline — press Ctrl-R")
        for text in ["typed offline one", "typed offline two"] {
            try tui.type(text)
            try await tui.press("Enter")
        }
        try await tui.waitFor("outbox 2", "you     typed offline one …", "you     typed offline two …")
        #expect(try await fixture.messages(of: id).isEmpty)

        fixture.proxy.setMode(.pass)
        try await tui.press("C-r")
        try await tui.waitFor("● connected", "outbox 0", "typed offline two ✓")
        try await fixture.waitForServer("both messages", conversation: id) { $0.count == 2 }
        #expect(try await fixture.messages(of: id).contents == ["typed offline one", "typed offline two"])
        #expect(try await fixture.finish() == 0)
    }

    @Test func aSilentlyDeadNetworkAndAServerRestartLoseNothing() async throws {
        let fixture = try await TUIFixture.start()
        let id = try await fixture.createConversation(summary: "E2E blackhole")
        let tui = try fixture.launch()
        try await tui.waitFor("E2E blackhole")
        try await tui.press("Enter")
        try await tui.waitFor("● connected", "no messages yet")

        fixture.proxy.setMode(.blackhole)
        try tui.type("sent into the void")
        try await tui.press("Enter")
        try await tui.waitFor("◌ ", "outbox 1")
        await fixture.server.stop()
        fixture.proxy.setMode(.pass)
        try tui.type("sent while the server is down")
        try await tui.press("Enter")
        try await tui.waitFor("outbox 2", "reconnecting in")

        try await fixture.server.restart()
        try await tui.waitFor("● connected", "outbox 0", timeout: .seconds(45))
        try await fixture.waitForServer("both messages", conversation: id) { $0.count == 2 }
        #expect(try await fixture.messages(of: id).contents == ["sent into the void", "sent while the server is down"])
        #expect(try await fixture.finish() == 0)
    }

    @Test func quittingWithUnsentMessagesAsksAndKeepsThemForNextTime() async throws {
        let fixture = try await TUIFixture.start()
        let id = try await fixture.createConversation(summary: "E2E kept outbox")
        var tui = try fixture.launch()
        try await tui.waitFor("E2E kept outbox")
        try await tui.press("Enter")
        try await tui.waitFor("● connected")
        fixture.proxy.setMode(.refuse)
        try await tui.waitFor("reconnecting in")
        try tui.type("survives a restart")
        try await tui.press("Enter")
        try await tui.waitFor("outbox 1")
        try await tui.pressEscape(until: "the list") { $0.contains("[q] quit") }
        try await tui.press("q")
        try await tui.waitFor("1 message is not delivered yet.", "[y] quit   [n] stay")
        try await tui.press("y")
        #expect(try await tui.waitForExit() == 0)
        #expect(try await fixture.messages(of: id).isEmpty)

        fixture.proxy.setMode(.pass)
        tui = try fixture.launch()
        try await tui.waitFor("E2E kept outbox")
        try await fixture.waitForServer("the kept message", conversation: id) { $0.contents == ["survives a restart"] }
        try await tui.waitFor("outbox 0")
        #expect(try await fixture.finish() == 0)
    }

    @Test func itQuitsWhenItsTerminalGoesAway() async throws {
        let fixture = try await TUIFixture.start()
        let tui = try fixture.launch()
        try await tui.waitFor("● connected")
        try tui.killServer()
        #expect(try await tui.waitForExit() == 0, "not left spinning on a dead terminal")
        #expect(try await fixture.finish() == nil)
    }

    /// A crash (here a SIGSEGV from outside) leaves the alternate screen and gives back the
    /// line discipline the shell had: the agent's terminal is usable, not raw and blank.
    @Test func aFatalSignalRestoresTheTerminal() async throws {
        let fixture = try await TUIFixture.start()
        let tui = try fixture.launch()
        try await tui.waitFor("● connected")
        #expect(try tui.pane("#{alternate_on}") == "1")
        let pid = try #require(try tui.programPID())
        kill(pid, SIGSEGV)
        #expect(try await tui.waitForExit() == 128 + SIGSEGV)
        #expect(try tui.pane("#{alternate_on}") == "0", "off the alternate screen")
        let modes = try #require(tui.modesAfterExit()).split(whereSeparator: \.isWhitespace)
        #expect(modes.contains("icanon") && modes.contains("echo"), "line editing and echo back: \(modes)")
        try await tui.waitFor("chat-tui crashed (a fatal signal); the terminal is restored.")
        _ = try await fixture.finish()
    }

    @Test func theDemoStartsWithLiveConversationsEvenWithoutAUTF8Locale() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tui = try TmuxSession(
            [TUIFixture.binary, "--demo", "--no-bell"],
            environment: [
                "HOME": directory, "XDG_STATE_HOME": directory + "/state", "XDG_CONFIG_HOME": directory + "/config",
                "LANG": "C", "LC_ALL": "C", "CHAT_TOKEN": "",
            ],
            width: 80, height: 24)
        try await tui.waitFor("Pedido #4821", "配送先住所", "● connected · 6 convs", timeout: .seconds(60))
        try await tui.press("Enter")
        try await tui.waitForScreen("a transcript") { $0.contains("client  ") && $0.contains("> type here") }
        try tui.resize(width: 59, height: 14)
        try await tui.waitFor("Terminal too small")
        try tui.resize(width: 60, height: 15)
        try await tui.waitFor("┌ Conversations (6)", "● connected")
        try await tui.pressEscape(until: "the list") { $0.contains("[q] quit") }
        try await tui.press("?")
        try await tui.waitFor("┌ Keys")
        try await tui.pressEscape(until: "the keys closed") { !$0.contains("┌ Keys") }
        try await tui.press("q")
        #expect(try await tui.waitForExit() == 0)
        let log = try String(contentsOfFile: directory + "/state/chat/chat-tui.log", encoding: .utf8)
        #expect(log.contains("locale=UTF-8"))
    }
}
