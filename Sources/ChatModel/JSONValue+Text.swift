extension JSONValue {
    /// The value as compact JSON text, keys sorted and slashes unescaped (as `ChatJSON.encode`
    /// writes it), without Codable's machinery: a frame is written for every message. Nil when
    /// a number is not finite: JSON has no NaN or infinity.
    public var jsonText: String? {
        var text = ""
        return write(into: &text) ? text : nil
    }

    private func write(into text: inout String) -> Bool {
        switch self {
        case .null:
            text += "null"
        case .bool(let value):
            text += value ? "true" : "false"
        case .number(let value):
            guard value.isFinite else { return false }
            // Integers print without a fraction, up to where a Double still holds every one.
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
                text += String(Int64(value))
            } else {
                text += "\(value)"
            }
        case .string(let value):
            Self.write(value, into: &text)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                guard item.write(into: &text) else { return false }
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { text += "," }
                Self.write(key, into: &text)
                text += ":"
                guard members[key]!.write(into: &text) else { return false }
            }
            text += "}"
        }
        return true
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as is.
    private static func write(_ string: String, into text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
