import Foundation

/// JSON coders configured for the chat wire format: ISO-8601 dates via `Timestamp`,
/// keys exactly as the types' `CodingKeys` spell them.
public enum ChatJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "invalid ISO-8601 date '\(text)'")
            }
            return date
        }
        return decoder
    }

    /// Encodes a value to JSON data with the chat conventions.
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }

    /// Decodes a value from JSON data with the chat conventions.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}

extension CodingUserInfoKey {
    /// Set to `true` in an encoder's `userInfo` to write `Conversation` and `Message` ids in
    /// lowercase, as the seed servers do; by default they are written as `UUID` writes itself
    /// (uppercase).
    public static let lowercaseIDs = CodingUserInfoKey(rawValue: "ChatModel.lowercaseIDs")!
}

extension UUID {
    /// This id as `encoder` is configured to write it (see `CodingUserInfoKey.lowercaseIDs`).
    func wireValue(for encoder: any Encoder) -> String {
        encoder.userInfo[.lowercaseIDs] as? Bool == true ? uuidString.lowercased() : uuidString
    }
}
