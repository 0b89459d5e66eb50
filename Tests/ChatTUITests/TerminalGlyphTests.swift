import ChatTUI
import TerminalText
import Testing

/// Clusters handed to a library that measures code points one by one, as ncurses does.
@Suite struct TerminalGlyphTests {
    /// glibc's `wcwidth` for the code points used here.
    private func wcwidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x200D, 0xFE0F, 0x0301, 0x20E3: 0
        case 0x1F468, 0x1F469, 0x1F467, 0x1F44D, 0x1F3FD, 0x4E2D: 2
        case 0x10FFFD: -1
        default: 1
        }
    }

    @Test("clusters the library measures right are drawn whole", arguments: ["a", "中", "e\u{301}", "␛"])
    func whole(_ text: String) {
        let character = Character(text)
        #expect(TerminalGlyph.fitting(character, measure: wcwidth) == (Array(character.unicodeScalars), 0))
    }

    @Test("clusters it measures wrong are replaced by a part that fits", arguments: [
        ("👨‍👩‍👧", ["👨"], 0), ("👍🏽", ["👍"], 0), ("❤️", ["❤"], 1), ("🇧🇷", ["🇧"], 1), ("1️⃣", ["1"], 1),
        ("\u{10FFFD}", ["\u{FFFD}"], 0),
    ] as [(String, [Unicode.Scalar], Int)])
    func replaced(_ text: String, _ scalars: [Unicode.Scalar], _ padding: Int) {
        let glyph = TerminalGlyph.fitting(Character(text), measure: wcwidth)
        #expect(glyph.scalars == scalars)
        #expect(glyph.padding == padding)
        #expect(glyph.scalars.map(wcwidth).reduce(0, +) + glyph.padding == Character(text).displayWidth)
    }
}
