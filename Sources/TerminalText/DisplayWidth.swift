extension Character {
    /// Terminal columns this grapheme cluster occupies: 0, 1 or 2.
    ///
    /// 2 for East Asian Wide/Fullwidth text and emoji presentation (including
    /// VS16, modifier, keycap, flag and ZWJ sequences); 0 for clusters with
    /// nothing visible (lone combining marks, format characters, controls —
    /// controls are made visible by ``SafeText`` before they get here).
    public var displayWidth: Int {
        let utf8 = utf8
        if utf8.count == 1 {
            let byte = utf8.first!
            return byte >= 0x20 && byte != 0x7F ? 1 : 0
        }
        var base: Unicode.Scalar?
        var baseWidth = 0
        var emojiSequence = false  // VS16, keycap, skin tone or ZWJ after the base
        for scalar in unicodeScalars {
            guard let base else {
                baseWidth = scalar.displayWidth
                if baseWidth > 0 { base = scalar }
                continue
            }
            switch scalar.value {
            case 0xFE0F, 0x20E3, 0x1F3FB...0x1F3FF: emojiSequence = true
            case 0x200D: emojiSequence = emojiSequence || !base.isASCII  // not after a digit, # or *
            default: break
            }
        }
        guard let base else { return 0 }
        return emojiSequence && base.properties.isEmoji ? 2 : baseWidth
    }
}

extension StringProtocol {
    /// Terminal columns the string occupies: the sum of its clusters' ``Character/displayWidth``.
    @inlinable public var displayWidth: Int {
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.reduce(0) { $0 + ($1 >= 0x20 && $1 != 0x7F ? 1 : 0) }
        }
        return reduce(0) { $0 + $1.displayWidth }
    }
}

extension Unicode.Scalar {
    /// Width of this scalar shown on its own (the base of a cluster).
    fileprivate var displayWidth: Int {
        let v = value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return v == 0xAD ? 0 : 1 }  // Latin; U+00AD is a soft hyphen
        if (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) { return 2 }  // common CJK, Hangul
        let properties = properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        // Conjoining Hangul vowels and final consonants extend a leading consonant.
        if properties.isDefaultIgnorableCodePoint || (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) {
            return 0
        }
        if v < 0x1100 { return 1 }
        return properties.isEmojiPresentation || Self.isEastAsianWide(v) ? 2 : 1
    }

    /// East Asian Width W and F ranges (UAX #11) outside the emoji blocks, merged
    /// across unassigned and zero-width code points (those are checked first).
    private static let eastAsianWide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x3247,
        0x3250...0x4DBF, 0x4E00...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF60,
        0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x1B2FF, 0x1F200...0x1F265,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isEastAsianWide(_ v: UInt32) -> Bool {
        var low = 0
        var high = eastAsianWide.count
        while low < high {
            let middle = (low + high) / 2
            let range = eastAsianWide[middle]
            if v < range.lowerBound {
                high = middle
            } else if v > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
