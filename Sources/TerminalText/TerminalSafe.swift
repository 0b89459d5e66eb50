/// Makes untrusted text (message content, summaries, server error details) safe to print:
/// control characters, C1 controls, line separators and bidirectional overrides become
/// visible escapes, so hostile content can neither move the cursor, recolour the terminal,
/// split a table row nor reorder the text around it. For one-line outputs (tables, stderr,
/// log files); `SafeText` is the screen's counterpart.
public enum TerminalSafe {
    /// One line for tables and stderr: `\n`, `\t`, `\r`, `\x1b`, `\u202e`; backslashes kept.
    public static func line(_ text: String) -> String {
        escape(text, backslash: false)
    }

    /// A TSV field: like `line`, and `\` becomes `\\`, so the field unescapes exactly.
    public static func field(_ text: String) -> String {
        escape(text, backslash: true)
    }

    private static func escape(_ text: String, backslash: Bool) -> String {
        guard text.unicodeScalars.contains(where: { $0.isTerminalControl || (backslash && $0 == "\\") }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result.append(contentsOf: #"\n"#.unicodeScalars)
            case "\t": result.append(contentsOf: #"\t"#.unicodeScalars)
            case "\r": result.append(contentsOf: #"\r"#.unicodeScalars)
            case "\\" where backslash: result.append(contentsOf: #"\\"#.unicodeScalars)
            case _ where scalar.value < 0x80 && scalar.isTerminalControl:
                result.append(contentsOf: ("\\x" + hex(scalar.value, digits: 2)).unicodeScalars)
            case _ where scalar.isTerminalControl:
                result.append(contentsOf: ("\\u" + hex(scalar.value, digits: 4)).unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    public static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
