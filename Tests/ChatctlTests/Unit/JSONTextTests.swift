import Foundation
import TerminalText
import Testing

@testable import chatctl

@Suite struct JSONTextTests {
    @Test(arguments: [false, true])
    func escapesEverythingATerminalWouldInterpret(pretty: Bool) throws {
        let content = "a\u{1B}[2Jb\u{9B}c\u{202E}d\u{7F}\ne"
        let json = try JSONText.encode([["content": content]], pretty: pretty)
        #expect(!json.unicodeScalars.contains { $0.isTerminalControl && $0 != "\n" })
        let decoded = try JSONDecoder().decode([[String: String]].self, from: Data(json.utf8))
        #expect(decoded.first?["content"] == content)
    }

    @Test func prettyAndCompactForms() throws {
        #expect(try JSONText.encode(["a": 1], pretty: false) == #"{"a":1}"#)
        #expect(try JSONText.encode(["a": 1], pretty: true).contains("\n"))
    }
}
