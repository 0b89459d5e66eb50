/// Makes untrusted text (message content, summaries, server error details) safe to print:
/// control characters, C1 controls, line separators and bidirectional overrides become
/// visible escapes, so hostile content can neither move the cursor, recolour the terminal,
/// split a table row nor reorder the text around it.
enum TerminalSafe {
    /// One line for tables and stderr: `\n`, `\t`, `\r`, `\x1b`, `\u202e`; backslashes kept.
    static func line(_ text: String) -> String {
        escape(text, backslash: false)
    }

    /// A TSV field: like `line`, and `\` becomes `\\`, so the field unescapes exactly.
    static func field(_ text: String) -> String {
        escape(text, backslash: true)
    }

    /// True for scalars that must not reach a terminal raw.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ text: String, backslash: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) || (backslash && $0 == "\\") }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result.append(contentsOf: #"\n"#.unicodeScalars)
            case "\t": result.append(contentsOf: #"\t"#.unicodeScalars)
            case "\r": result.append(contentsOf: #"\r"#.unicodeScalars)
            case "\\" where backslash: result.append(contentsOf: #"\\"#.unicodeScalars)
            case _ where scalar.value < 0x80 && isUnsafe(scalar):
                result.append(contentsOf: ("\\x" + hex(scalar.value, digits: 2)).unicodeScalars)
            case _ where isUnsafe(scalar):
                result.append(contentsOf: ("\\u" + hex(scalar.value, digits: 4)).unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
