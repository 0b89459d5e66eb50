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

    /// One of each, configured once: making a coder per frame was a measurable share of a
    /// message's CPU time. Encoding and decoding keep their state per call.
    private static let sharedEncoder = encoder()
    private static let sharedDecoder = decoder()

    /// Encodes a value to JSON data with the chat conventions.
    public static func encode(_ value: some Encodable) throws -> Data {
        try sharedEncoder.encode(value)
    }

    /// Decodes a value from JSON data with the chat conventions.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try sharedDecoder.decode(type, from: data)
    }
}

