import TerminalText
import Testing

@Suite struct TextWrapTests {
    @Test("breaks at spaces", arguments: [
        ("hello world", 5, ["hello", "world"]),
        ("hello world", 11, ["hello world"]),
        ("hello world", 10, ["hello", "world"]),
        ("the quick brown fox jumps", 10, ["the quick", "brown fox", "jumps"]),
        ("a b c d", 3, ["a b", "c d"]),
        ("a    b", 3, ["a", "b"]),
        ("a  b", 4, ["a  b"]),
        ("ab cd", 2, ["ab", "cd"]),
        ("word   ", 10, ["word"]),
        ("word   ", 2, ["wo", "rd"]),
        ("  indented text", 20, ["  indented text"]),
        ("  indented text", 10, ["  indented", "text"]),
        ("   ", 2, ["  ", " "]),
    ] as [(String, Int, [Substring])])
    func spaces(_ text: String, _ width: Int, _ expected: [Substring]) {
        #expect(SafeText(text).wrapped(toWidth: width) == expected)
    }

    @Test("hard-breaks long words between clusters", arguments: [
        ("https://example.com/very/long", 10, ["https://ex", "ample.com/", "very/long"]),
        ("see https://example.com/x", 10, ["see", "https://ex", "ample.com/", "x"]),
        ("a verylongword", 5, ["a", "veryl", "ongwo", "rd"]),
        ("e\u{301}e\u{301}e\u{301}", 2, ["e\u{301}e\u{301}", "e\u{301}"]),
        ("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", 5, ["👨‍👩‍👧👨‍👩‍👧", "👨‍👩‍👧"]),
    ] as [(String, Int, [Substring])])
    func longWords(_ text: String, _ width: Int, _ expected: [Substring]) {
        #expect(SafeText(text).wrapped(toWidth: width) == expected)
    }

    @Test("wide clusters never straddle the edge", arguments: [
        ("中文字符测试", 5, ["中文", "字符", "测试"]),
        ("中文字符测试", 4, ["中文", "字符", "测试"]),
        ("a中", 2, ["a", "中"]),
        ("x 中文", 3, ["x", "中", "文"]),
        ("👍🏽👍🏽👍🏽", 4, ["👍🏽👍🏽", "👍🏽"]),
        ("🇧🇷🇧🇷🇧🇷", 5, ["🇧🇷🇧🇷", "🇧🇷"]),
        ("ok 한국어 텍스트", 7, ["ok", "한국어", "텍스트"]),
    ] as [(String, Int, [Substring])])
    func wide(_ text: String, _ width: Int, _ expected: [Substring]) {
        #expect(SafeText(text).wrapped(toWidth: width) == expected)
    }

    @Test("explicit newlines are kept", arguments: [
        ("line1\nline2", 10, ["line1", "line2"]),
        ("a\n\nb", 10, ["a", "", "b"]),
        ("\n", 5, ["", ""]),
        ("", 5, [""]),
        ("long line here\nx", 4, ["long", "line", "here", "x"]),
        ("a\r\nb", 5, ["a", "b"]),
    ] as [(String, Int, [Substring])])
    func newlines(_ text: String, _ width: Int, _ expected: [Substring]) {
        #expect(SafeText(text).wrapped(toWidth: width) == expected)
    }

    @Test("widths below 2", arguments: [
        ("abc", 1, ["a", "b", "c"]),
        ("abc", 0, ["a", "b", "c"]),
        ("abc", -3, ["a", "b", "c"]),
        ("a b", 1, ["a", "b"]),
        ("中", 1, ["中"]),
        ("a中b", 1, ["a", "中", "b"]),
    ] as [(String, Int, [Substring])])
    func narrowWidths(_ text: String, _ width: Int, _ expected: [Substring]) {
        #expect(SafeText(text).wrapped(toWidth: width) == expected)
    }

    @Test("sanitized escape sequences wrap as plain text")
    func escapes() {
        #expect(SafeText("\u{1B}[2J\u{1B}]0;x\u{7}").wrapped(toWidth: 4) == ["␛[2J", "␛]0;", "x␇"])
    }

    @Test("a huge single word wraps into full lines")
    func hugeWord() {
        let lines = SafeText(String(repeating: "ab中", count: 25_000)).wrapped(toWidth: 80)
        #expect(lines.count == 1_250)
        #expect(lines.allSatisfy { $0.displayWidth == 80 })
    }

    @Test("random text: lines fit, keep every visible cluster in order, and end without spaces")
    func randomText() {
        var random = SeededGenerator(seed: 7)
        let pieces = ["a", "bc", "word", "supercalifragilistic", " ", "  ", "\n", "中", "文字", "👍🏽", "🇧🇷", "e\u{301}", "ｱ"]
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            let width = Int.random(in: 1...12, using: &random)
            let lines = SafeText(text).wrapped(toWidth: width)
            for line in lines {
                #expect(line.displayWidth <= width || line.count == 1, "\(line) wider than \(width)")
                #expect(!line.contains("\n"))
                #expect(!line.hasSuffix(" ") || line.allSatisfy { $0 == " " }, "\(line) ends with a space")
            }
            #expect(lines.count >= text.count { $0 == "\n" } + 1)
            // Clusters are counted per line, so a cluster split across lines would not match.
            #expect(lines.flatMap { $0.filter { $0 != " " } } == Array(text.filter { $0 != " " && $0 != "\n" }))
        }
    }

    @Test("greedy: no line could have taken the next word")
    func greedy() {
        var random = SeededGenerator(seed: 11)
        let words = ["a", "to", "the", "chat", "hello", "printer", "中文", "👍🏽"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 1...20, using: &random)).map { _ in words.randomElement(using: &random)! }
                .joined(separator: " ")
            let width = Int.random(in: 7...20, using: &random)
            let lines = SafeText(text).wrapped(toWidth: width)
            for (line, next) in zip(lines, lines.dropFirst()) {
                let nextWord = next.prefix { $0 != " " }
                #expect(line.displayWidth + 1 + nextWord.displayWidth > width, "\(line) | \(next) at \(width)")
            }
        }
    }
}
