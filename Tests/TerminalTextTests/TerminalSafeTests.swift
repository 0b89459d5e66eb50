import Testing

import TerminalText

@Suite struct TerminalSafeTests {
    @Test func plainTextIsUnchanged() {
        #expect(TerminalSafe.line("Olá, 世界 👋 C:\\path") == "Olá, 世界 👋 C:\\path")
    }

    @Test func escapeSequencesBecomeVisible() {
        let hostile = "ok\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m"
        let safe = TerminalSafe.line(hostile)
        #expect(safe == #"ok\x1b]0;owned\x07\x1b[2J\u009b31m"#)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func lineBreaksAndBidiOverridesAreEscaped() {
        #expect(TerminalSafe.line("a\nb\tc\r") == #"a\nb\tc\r"#)
        #expect(TerminalSafe.line("abc\u{202E}fed\u{2066}") == #"abc\u202efed\u2066"#)
        #expect(TerminalSafe.line("x\u{2028}y") == #"x\u2028y"#)
    }

    @Test func tsvFieldsAlsoEscapeBackslashes() {
        #expect(TerminalSafe.field("a\\tb\tc") == #"a\\tb\tc"#)
        #expect(TerminalSafe.line("a\\tb") == "a\\tb")
    }
}
