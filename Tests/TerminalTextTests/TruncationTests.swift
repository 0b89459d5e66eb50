import Testing
import TerminalText

@Suite struct TruncationTests {
    @Test func truncatesWithinTheWidthWithoutSplittingCharacters() {
        #expect("hello world".truncated(toWidth: 6) == "hello…")
        #expect("日本語テキスト".truncated(toWidth: 6) == "日本…")
        #expect("日本語テキスト".truncated(toWidth: 6).displayWidth <= 6)
        #expect("short".truncated(toWidth: 10) == "short")
        #expect("e\u{301}e\u{301}e\u{301}".truncated(toWidth: 2) == "e\u{301}…")
        #expect("abc".truncated(toWidth: 0) == "")
    }
}
