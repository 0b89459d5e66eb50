import ChatClientKit
import Foundation
import Testing
import TestSupport

/// The real `chat-tui` in tmux against a server whose socket sends hostile frames: terminal
/// escapes in an error (which the log file must keep inert), a message for another
/// conversation and one dated in the year 2400 (neither shown), then a good one.
@Suite(.live) struct HostileFramesEndToEndTests {
    @Test func hostileFramesNeitherReachTheLogRawNorTheWrongPlace() async throws {
        let id = UUID().uuidString.lowercased()
        let placeholder = "CONVERSATION"
        let frames = [
            #"{"type":"error","payload":{"message":"\u001b]0;pwned\u0007\u001b[2J boom"}}"#,
            #"{"type":"new_message","payload":{"id":"\#(UUID().uuidString.lowercased())","conversation_id":"\#(id)","sender":"client","type":"text","content":"intruder","timestamp":"2025-11-18T14:00:00Z","is_read":false}}"#,
            #"{"type":"new_message","payload":{"id":"\#(UUID().uuidString.lowercased())","conversation_id":"\#(placeholder)","sender":"client","type":"text","content":"from the future","timestamp":"2400-01-01T00:00:00Z","is_read":false}}"#,
            #"{"type":"new_message","payload":{"id":"\#(UUID().uuidString.lowercased())","conversation_id":"\#(placeholder)","sender":"client","type":"text","content":"legit after","timestamp":"2025-11-18T14:00:01Z","is_read":false}}"#,
        ]
        let server = try await HostileServer.start(.frames(frames, placeholder: placeholder))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tui-hostile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = TUIFixture.fastTimings
        environment.merge([
            "HOME": directory, "XDG_STATE_HOME": directory + "/state", "XDG_CONFIG_HOME": directory + "/config",
            "LANG": "C.UTF-8", "CHAT_TOKEN": "hostile.test.token", "NO_COLOR": "",
        ]) { $1 }
        let tui = try TmuxSession([TUIFixture.binary, "--server", server.url], environment: environment)
        try await tui.waitFor("hostile", "● connected")
        try await tui.press("Enter")
        let screen = try await tui.waitFor("client  legit after")
        #expect(!screen.contains("intruder"), "a message for another conversation stays out of this one")
        #expect(!screen.contains("from the future"))
        #expect(!screen.contains("\u{1B}"))

        let log = try String(contentsOfFile: directory + "/state/chat/chat-tui.log", encoding: .utf8)
        #expect(log.contains(#"server error frame: \x1b]0;pwned\x07\x1b[2J boom"#), "escapes kept visible and inert")
        #expect(!log.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character but the line ends")
        #expect(log.contains("an impossible date"))
        try await tui.press("C-c")
        _ = try await tui.waitForScreen("the quit question or the exit") { $0.contains("[y] quit") || (try? tui.exitStatus()) != nil }
        if try tui.exitStatus() == nil { try await tui.press("y") }
        #expect(try await tui.waitForExit() == 0)
        await server.stop()
    }
}
