import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// /dev/urandom for each one; this takes its 16 bytes from the system generator in one
    /// call (`SystemRandomNumberGenerator` makes one per 64 bits).
    public static func random() -> UUID {
        var bytes = randomBytes()
        bytes.6 = bytes.6 & 0x0F | 0x40
        bytes.8 = bytes.8 & 0x3F | 0x80
        return UUID(uuid: bytes)
    }

    /// 16 bytes from the system generator: one `getentropy` (one `getrandom` system call)
    /// where there is one, else two 64-bit draws.
    private static func randomBytes() -> uuid_t {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        #if canImport(Glibc)
        if withUnsafeMutableBytes(of: &bytes, { getentropy($0.baseAddress, 16) }) == 0 { return bytes }
        #endif
        var generator = SystemRandomNumberGenerator()
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: generator.next(), toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: generator.next(), toByteOffset: 8, as: UInt64.self)
        }
        return bytes
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
