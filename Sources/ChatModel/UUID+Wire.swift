import Foundation

extension KeyedDecodingContainer {
    /// A UUID, as its lowercase wire string (`UUID.wireForm(of:)`).
    public func decodeUUIDWireString(forKey key: Key) throws -> String {
        guard let text = UUID.wireForm(of: try decode(String.self, forKey: key)) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "Attempted to decode UUID from invalid UUID string.")
        }
        return text
    }

    /// As `decodeUUIDWireString(forKey:)`, or nil when the key is missing or null.
    public func decodeUUIDWireStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeUUIDWireString(forKey: key)
    }
}

extension UUID {
    /// A random (version 4) UUID. Foundation's `UUID()` on Linux opens, reads and closes
    /// /dev/urandom for each one; this takes its 16 bytes from the system generator
    /// (`getrandom`).
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        func byte(_ word: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (56 - 8 * index)) }
        return UUID(uuid: (
            byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3), byte(high, 4), byte(high, 5), byte(high, 6),
            byte(high, 7), byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3), byte(low, 4), byte(low, 5),
            byte(low, 6), byte(low, 7)))
    }

    /// `text` in the lowercase form when it is a UUID in the canonical form that
    /// `UUID(uuidString:)` reads (8-4-4-4-12 hex digits, either case), or nil. It checks the
    /// characters itself: Foundation parses with `sscanf`.
    public static func wireForm(of text: String) -> String? {
        var lowercase = true
        var index = 0
        for byte in text.utf8 {
            switch (index, byte) {
            case (8, UInt8(ascii: "-")), (13, UInt8(ascii: "-")), (18, UInt8(ascii: "-")), (23, UInt8(ascii: "-")): break
            case (8, _), (13, _), (18, _), (23, _): return nil
            case (_, UInt8(ascii: "0")...UInt8(ascii: "9")), (_, UInt8(ascii: "a")...UInt8(ascii: "f")): break
            case (_, UInt8(ascii: "A")...UInt8(ascii: "F")): lowercase = false
            default: return nil
            }
            index += 1
            if index > 36 { return nil }
        }
        guard index == 36 else { return nil }
        return lowercase ? text : text.lowercased()
    }

    /// The lowercase form the servers write in JSON and URLs (`uuidString` is uppercase).
    public var wireString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble }
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digit(byte >> 4)
                    text[at + 1] = digit(byte & 0x0F)
                    at += 2
                }
                return at
            }
        }
    }
}
