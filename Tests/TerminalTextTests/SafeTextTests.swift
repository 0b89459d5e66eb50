import TerminalText
import Testing

@Suite struct SafeTextTests {
    @Test("hostile payloads are shown, not executed", arguments: [
        ("\u{1B}[2J\u{1B}[H", "␛[2J␛[H"),  // clear screen, cursor home
        ("\u{1B}]0;pwned\u{7}", "␛]0;pwned␇"),  // set window title
        ("\u{1B}]52;c;cm0gLXJmIH4=\u{1B}\\", "␛]52;c;cm0gLXJmIH4=␛\\"),  // write the clipboard
        ("\u{1B}P1$r\u{1B}\\", "␛P1$r␛\\"),  // DCS
        ("\u{1B}_payload\u{1B}\\", "␛_payload␛\\"),  // APC
        ("\u{1B}^pm\u{1B}\\\u{1B}Xsos\u{1B}\\", "␛^pm␛\\␛Xsos␛\\"),  // PM, SOS
        ("\u{1B}c", "␛c"),  // full reset
        ("\u{1B}7\u{1B}[1;1H\u{1B}8", "␛7␛[1;1H␛8"),  // save cursor, move, restore
        ("\u{1B}[31mred\u{1B}[0m", "␛[31mred␛[0m"),
        ("\u{9B}31m", "<U+009B>31m"),  // 8-bit CSI
        ("\u{9D}0;t\u{9C}", "<U+009D>0;t<U+009C>"),  // 8-bit OSC … ST
        ("\u{90}q\u{9C}", "<U+0090>q<U+009C>"),  // 8-bit DCS
        ("\u{85}", "<U+0085>"),  // NEL
        ("invoice\u{202E}fdp.exe", "invoice<U+202E>fdp.exe"),  // RLO filename spoof
        ("\u{2066}a\u{2069}\u{2067}b\u{2068}", "<U+2066>a<U+2069><U+2067>b<U+2068>"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "<U+202A><U+202B><U+202C><U+202D>"),
        ("\u{200E}\u{200F}\u{61C}", "<U+200E><U+200F><U+061C>"),
        ("ding\u{7}", "ding␇"),
        ("a\u{8}_", "a␈_"),  // backspace overstrike
        ("\u{0}\u{1}\u{1F}\u{7F}", "␀␁␟␡"),
        ("approve\rreject", "approve␍reject"),  // carriage-return overwrite
        ("end\r", "end␍"),
    ] as [(String, String)])
    func hostile(_ input: String, _ expected: String) {
        #expect(SafeText(input).text == expected)
    }

    @Test("line breaks are normalized to LF", arguments: [
        ("a\nb", "a\nb"), ("a\r\nb", "a\nb"), ("a\u{2028}b\u{2029}c", "a\nb\nc"), ("\r\n\r\n", "\n\n"),
        ("a\r\r\nb", "a␍\nb"),
    ] as [(String, String)])
    func lineBreaks(_ input: String, _ expected: String) {
        #expect(SafeText(input).text == expected)
    }

    @Test("ordinary text passes through unchanged", arguments: [
        "", "hello, world", "Olá, João! ção", "中文 テキスト 한국어", "👍🏽 👨‍👩‍👧 🇧🇷 ❤️", "e\u{301}", "\u{FFFD}",
        "zero\u{200B}width\u{200D}joiner\u{FEFF}", "مرحبا", "שלום",
    ])
    func passThrough(_ input: String) {
        #expect(SafeText(input).text.unicodeScalars.elementsEqual(input.unicodeScalars))
    }

    @Test("tabs advance to the next stop from the start of the line", arguments: [
        ("\tx", 4, "    x"), ("ab\tc", 4, "ab  c"), ("abcd\te", 4, "abcd    e"), ("a\tb\tc", 4, "a   b   c"),
        ("中\tx", 4, "中  x"), ("👍🏽\tx", 4, "👍🏽  x"), ("e\u{301}\tx", 4, "e\u{301}   x"),
        ("\u{1B}\tx", 4, "␛   x"), ("ab\ncd\te", 4, "ab\ncd  e"), ("a\tb", 8, "a       b"),
        ("a\tb", 0, "a b"), ("\t\t", 2, "    "),
    ] as [(String, Int, String)])
    func tabs(_ input: String, _ tabWidth: Int, _ expected: String) {
        #expect(SafeText(input, tabWidth: tabWidth).text == expected)
    }

    @Test("no control, bidi or separator scalar survives; sanitizing is idempotent")
    func randomScalars() {
        var random = SeededGenerator(seed: 42)
        let interesting: [ClosedRange<UInt32>] = [
            0x00...0xFF, 0x0600...0x061F, 0x2000...0x206F, 0xFE00...0xFEFF, 0x1F000...0x1FAFF, 0xE0000...0xE007F,
        ]
        for _ in 0..<2_000 {
            var input = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let range = Bool.random(using: &random) ? interesting.randomElement(using: &random)! : 0...0x10FFFF
                if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &random)) {
                    input.append(scalar)
                }
            }
            let safe = SafeText(String(input))
            let offending = safe.text.unicodeScalars.filter(Self.isForbidden)
            #expect(offending.isEmpty, "\(offending.map(\.value)) left in sanitized \(Array(input.map(\.value)))")
            #expect(SafeText(safe.text) == safe)
        }
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
