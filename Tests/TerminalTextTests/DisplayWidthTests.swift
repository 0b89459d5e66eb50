import TerminalText
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("~", 1), ("é", 1), ("e\u{301}", 1), ("ß", 1), ("Я", 1), ("€", 1), ("कि", 1),
        ("\u{FFFD}", 1), ("\u{E000}", 1), ("©", 1), ("ｱ", 1),
    ] as [(Character, Int)])
    func narrow(_ character: Character, _ expected: Int) {
        #expect(character.displayWidth == expected)
    }

    @Test(arguments: [
        ("中", 2), ("あ", 2), ("カ", 2), ("가", 2), ("\u{1100}\u{1161}\u{11A8}", 2), ("Ａ", 2), ("。", 2),
        ("\u{3000}", 2), ("\u{20000}", 2), ("\u{1F200}", 2), ("\u{FF01}", 2), ("\u{FFE0}", 2),
    ] as [(Character, Int)])
    func eastAsianWide(_ character: Character, _ expected: Int) {
        #expect(character.displayWidth == expected)
    }

    @Test(arguments: [
        ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("🇧🇷", 2), ("❤️", 2), ("1️⃣", 2), ("#\u{20E3}", 2),
        ("☝🏽", 2), ("🏳️‍🌈", 2), ("👁\u{200D}🗨", 2), ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2),
        ("⌚", 2), ("🀄", 2), ("🤷🏽‍♀️", 2),
    ] as [(Character, Int)])
    func emojiPresentation(_ character: Character, _ expected: Int) {
        #expect(character.displayWidth == expected)
    }

    @Test("text presentation stays narrow", arguments: [
        ("❤", 1), ("☺\u{FE0E}", 1), ("☝", 1), ("1", 1), ("1\u{200D}", 1), ("a\u{200D}", 1),
    ] as [(Character, Int)])
    func textPresentation(_ character: Character, _ expected: Int) {
        #expect(character.displayWidth == expected)
    }

    @Test("clusters with nothing visible are zero-width", arguments: [
        "\u{301}", "\u{200D}", "\u{200B}", "\u{FE0F}", "\u{AD}", "\u{2060}", "\u{FEFF}", "\u{202E}",
        "\u{1160}", "\u{1B}", "\u{7}", "\u{7F}", "\u{9B}", "\r\n", "\u{0}",
    ] as [Character])
    func zeroWidth(_ character: Character) {
        #expect(character.displayWidth == 0)
    }

    @Test(arguments: [
        ("", 0), ("hello", 5), ("héllo", 5), ("中文abc", 7), ("e\u{301}中👍🏽", 5), ("a\u{1B}b", 2),
        ("👨‍👩‍👧🇧🇷", 4), ("a\r\nb", 2),
    ] as [(String, Int)])
    func stringWidth(_ string: String, _ expected: Int) {
        #expect(string.displayWidth == expected)
        #expect(string[...].displayWidth == expected)
    }

    @Test("string width is the sum of cluster widths, ASCII fast path included")
    func stringIsSumOfClusters() {
        var random = SeededGenerator(seed: 5)
        let pieces: [String] = ["a", " ", "\u{1B}", "\r", "\n", "\u{7F}", "~", "中", "e\u{301}", "👍🏽", "\u{200B}"]
        for length in 0..<200 {
            let asciiOnly = length.isMultiple(of: 2)
            let palette = asciiOnly ? Array(pieces.prefix(7)) : pieces
            let string = (0..<length).map { _ in palette.randomElement(using: &random)! }.joined()
            #expect(string.displayWidth == string.reduce(0) { $0 + $1.displayWidth })
        }
    }
}
