extension JSONValue {
    /// The value as compact JSON text, keys sorted and slashes unescaped (as `ChatJSON.encode`
    /// writes it), without Codable's machinery: a frame is written for every message. Nil when
    /// a number is not finite: JSON has no NaN or infinity.
    public var jsonText: String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        return write(into: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    private func write(into bytes: inout [UInt8]) -> Bool {
        switch self {
        case .null:
            bytes += "null".utf8
        case .bool(let value):
            bytes += (value ? "true" : "false").utf8
        case .number(let value):
            guard value.isFinite else { return false }
            // Integers print without a fraction, up to where a Double still holds every one.
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
                bytes += String(Int64(value)).utf8
            } else {
                bytes += "\(value)".utf8
            }
        case .string(let value):
            Self.write(value, into: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                guard item.write(into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.write(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard members[key]!.write(into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped,
    /// every other byte of its UTF-8 as is.
    public static func write(_ string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += #"\""#.utf8
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case 0x0A: bytes += #"\n"#.utf8
            case 0x0D: bytes += #"\r"#.utf8
            case 0x09: bytes += #"\t"#.utf8
            case 0x08: bytes += #"\b"#.utf8
            case 0x0C: bytes += #"\f"#.utf8
            case ..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes += #"\u00"#.utf8
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
