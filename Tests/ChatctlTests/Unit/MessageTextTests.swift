import ChatClientKit
import Foundation
import Testing

@testable import chatctl

@Suite struct MessageTextTests {
    @Test func stdinLosesOnlyItsFinalLineBreak() throws {
        #expect(try MessageText.resolve("-") { Data("line 1\nline 2\n".utf8) } == "line 1\nline 2")
        #expect(try MessageText.resolve("-") { Data("keep\n\n".utf8) } == "keep\n")
        #expect(try MessageText.resolve("text") { Data() } == "text")
    }

    @Test func emptyOrBlankMessagesAreRefused() {
        #expect(throws: ChatError.self) { try MessageText.resolve("-") { Data("\n".utf8) } }
        #expect(throws: ChatError.self) { try MessageText.resolve("  ") { Data() } }
    }

    @Test func nonUTF8InputIsRefused() {
        #expect(throws: ChatError.usage("standard input is not UTF-8 text")) {
            try MessageText.resolve("-") { Data([0xFF, 0xFE, 0x00]) }
        }
    }
}
