/// Turns the scalars a terminal sends into `Key`s: control characters, Alt as an ESC
/// prefix, unknown escape sequences swallowed, and bracketed paste (`ESC[200~ … ESC[201~`)
/// collected into one `.paste`.
///
/// Input arrives in batches (everything readable at one moment); an ESC at the end of a
/// batch is the Escape key, since an escape sequence arrives in one piece. A paste may span
/// batches, so the decoder keeps its state between them.
public struct KeyDecoder: Sendable {
    /// A paste whose end marker never comes is cut off here rather than swallowing all input.
    static let maxPaste = 1 << 20
    private static let pasteStart: [Unicode.Scalar] = ["[", "2", "0", "0", "~"]
    private static let pasteEnd: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
    private var paste: [Unicode.Scalar]?

    public init() {}

    /// True while inside a bracketed paste.
    public var isPasting: Bool { paste != nil }

    /// Decodes one batch of input.
    public mutating func decode(_ batch: [TerminalInput]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < batch.count {
            if paste != nil {
                index = collectPaste(batch, from: index, into: &keys)
                continue
            }
            switch batch[index] {
            case .key(let key):
                keys.append(key)
                index += 1
            case .scalar("\u{1B}"):
                index = escape(batch, at: index, into: &keys)
            case .scalar(let scalar):
                if let key = Self.key(for: scalar) { keys.append(key) }
                index += 1
            }
        }
        return keys
    }

    /// Handles the ESC at `index`; returns the index after what it consumed.
    private mutating func escape(_ batch: [TerminalInput], at index: Int, into keys: inout [Key]) -> Int {
        let rest = batch[(index + 1)...].prefix { if case .scalar = $0 { true } else { false } }.compactMap {
            if case .scalar(let scalar) = $0 { scalar } else { nil }
        }
        guard let next = rest.first else {
            keys.append(.escape)
            return index + 1
        }
        if rest.starts(with: Self.pasteStart) {
            paste = []
            return index + 1 + Self.pasteStart.count
        }
        switch next {
        case "\r", "\n":
            keys.append(.altEnter)
            return index + 2
        case "[", "O":
            // A CSI or SS3 sequence the terminal library did not know: skip it whole.
            var length = 1
            for scalar in rest.dropFirst() {
                length += 1
                if next == "O" || (0x40...0x7E).contains(scalar.value) { break }
            }
            return index + 1 + length
        case "\u{7F}", "\u{08}":
            keys.append(.altBackspace)
            return index + 2
        default:
            guard next.value >= 0x20 else {
                // Escape pressed just before a control key (or another Escape): both count.
                keys.append(.escape)
                return index + 1
            }
            keys.append(.alt(Character(next)))
            return index + 2
        }
    }

    /// Appends pasted scalars until the end marker; returns the index after what it consumed.
    private mutating func collectPaste(_ batch: [TerminalInput], from start: Int, into keys: inout [Key]) -> Int {
        for index in start..<batch.count {
            guard case .scalar(let scalar) = batch[index] else { continue }
            paste?.append(scalar)
            let count = paste?.count ?? 0
            let ended = count >= Self.pasteEnd.count
                && paste?[(count - Self.pasteEnd.count)...].elementsEqual(Self.pasteEnd) == true
            guard ended || count >= Self.maxPaste, var collected = paste else { continue }
            paste = nil
            if ended { collected.removeLast(Self.pasteEnd.count) }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: collected)
            if !text.isEmpty { keys.append(.paste(String(text))) }
            return index + 1
        }
        return batch.count
    }

    /// The key a lone scalar stands for, or nil for controls that mean nothing here.
    private static func key(for scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x0D: .enter
        case 0x09: .tab
        case 0x7F, 0x08: .backspace
        case 0x01...0x1A: .control(Character(Unicode.Scalar(scalar.value + 0x60)!))
        case 0x00...0x1F, 0x80...0x9F: nil
        default: .character(Character(scalar))
        }
    }
}
