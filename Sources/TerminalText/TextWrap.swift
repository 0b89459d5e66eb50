extension SafeText {
    /// The text broken into lines of at most `width` columns (treated as at least 1).
    ///
    /// Explicit line breaks are kept. Lines break at runs of spaces, which are
    /// dropped at the break (as are trailing spaces; leading indentation is kept);
    /// a word longer than a line (a URL, a run of CJK) is broken between grapheme
    /// clusters. A cluster is never split and a wide one never straddles the edge:
    /// the only line wider than `width` is a lone 2-column cluster when `width` is 1.
    /// Always returns at least one line; runs in time linear in the text's length.
    public func wrapped(toWidth width: Int) -> [Substring] {
        let width = max(width, 1)
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            Self.wrap(line, toWidth: width, into: &lines)
        }
        return lines
    }

    private static func wrap(_ line: Substring, toWidth maxWidth: Int, into lines: inout [Substring]) {
        let indentEnd = line.firstIndex { $0 != " " } ?? line.endIndex
        var start = line.startIndex  // first cluster of the line being filled
        var width = 0  // columns in line[start..<i]
        // The last run of spaces on the line being filled: the line would end at
        // `end` and the next begin at `next`, `widthToNext` columns after `start`.
        var softBreak: (end: String.Index, next: String.Index, widthToNext: Int)?
        var i = start
        while i < line.endIndex {
            let character = line[i]
            var next = line.utf8.index(i, offsetBy: character.utf8.count)
            if character == " " && i >= indentEnd {
                var runWidth = 1
                while next < line.endIndex && line[next] == " " {
                    line.formIndex(after: &next)
                    runWidth += 1
                }
                if next == line.endIndex {
                    break  // trailing spaces
                }
                if width + runWidth > maxWidth {
                    lines.append(line[start..<i])
                    start = next
                    width = 0
                    softBreak = nil
                } else {
                    width += runWidth
                    softBreak = (i, next, width)
                }
                i = next
                continue
            }
            let characterWidth = character.displayWidth
            if width + characterWidth > maxWidth && width > 0 {
                if let soft = softBreak {
                    lines.append(line[start..<soft.end])
                    start = soft.next
                    width -= soft.widthToNext
                    softBreak = nil
                } else {
                    lines.append(line[start..<i])
                    start = i
                    width = 0
                }
                continue  // place the same cluster on the new line
            }
            width += characterWidth
            i = next
        }
        lines.append(line[start..<i])
    }
}
