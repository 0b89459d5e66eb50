/// Untrusted text (message bodies, names, titles) made safe to show on a terminal.
///
/// Nothing in ``text`` can move the cursor, change colors, set the window title,
/// write the clipboard or reorder text, yet everything odd stays visible:
/// - C0 controls and DEL become Control Pictures: ESC → `␛`, BEL → `␇`, BS → `␈`,
///   NUL → `␀`, a lone CR → `␍`, DEL → `␡`. Escape sequences therefore show as
///   `␛` followed by the rest of the sequence as plain text, e.g. `␛[2J`,
///   `␛]52;c;…␇`, `␛P…␛\`.
/// - C1 controls (U+0080–U+009F, including 8-bit CSI/OSC/DCS) and bidi controls
///   (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) become `<U+XXXX>`.
/// - Line breaks (LF, CRLF, U+2028, U+2029) become `"\n"`, kept for wrapping.
/// - A tab becomes spaces up to the next tab stop (every `tabWidth` columns from
///   the start of its line), so pasted tables and code stay aligned.
///
/// The result contains no C0, C1, DEL or bidi control scalar other than `"\n"`.
public struct SafeText: Hashable, Sendable {
    /// The display-safe text; lines are separated by `"\n"`.
    public let text: String

    /// Sanitizes `untrusted`, expanding tabs to stops every `tabWidth` columns (at least 1).
    public init(_ untrusted: String, tabWidth: Int = 4) {
        guard untrusted.unicodeScalars.contains(where: Self.needsRewrite) else {
            text = untrusted
            return
        }
        let tabWidth = max(tabWidth, 1)
        var output = String.UnicodeScalarView()
        var segment = String.UnicodeScalarView()  // since the last line break or tab
        var column = 0  // width of the current line before `segment`
        var pendingCarriageReturn = false

        func endLine() {
            output.append(contentsOf: segment)
            output.append("\n")
            segment.removeAll(keepingCapacity: true)
            column = 0
        }

        for scalar in untrusted.unicodeScalars {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if scalar == "\n" {
                    endLine()
                    continue
                }
                segment.append("\u{240D}")
            }
            guard Self.needsRewrite(scalar) else {
                segment.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A, 0x2028, 0x2029:
                endLine()
            case 0x0D:
                pendingCarriageReturn = true
            case 0x09:
                column += String(segment).displayWidth
                output.append(contentsOf: segment)
                segment.removeAll(keepingCapacity: true)
                let spaces = tabWidth - column % tabWidth
                output.append(contentsOf: repeatElement(" ", count: spaces))
                column += spaces
            case 0x00...0x1F:
                segment.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F:
                segment.append("\u{2421}")
            default:  // C1 and bidi controls
                segment.append(contentsOf: Self.codePointLabel(scalar).unicodeScalars)
            }
        }
        if pendingCarriageReturn { segment.append("\u{240D}") }
        output.append(contentsOf: segment)
        text = String(output)
    }

    private static func needsRewrite(_ scalar: Unicode.Scalar) -> Bool { scalar.isTerminalControl }

    /// `<U+XXXX>` with at least four uppercase hex digits.
    private static func codePointLabel(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
}

extension Unicode.Scalar {
    /// A C0/C1 control, DEL, bidi control or line/paragraph separator: a scalar that must
    /// never reach a terminal as is.
    public var isTerminalControl: Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
