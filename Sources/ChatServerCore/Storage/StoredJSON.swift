import ChatModel
import Foundation

/// How both stores write ids, tags and metadata, and read them back.
enum StoredJSON {
    static func key<Subject>(_ id: Identifier<Subject>) -> String {
        id.rawValue
    }

    static func key(_ id: UUID) -> String {
        id.wireString
    }

    static func encodeTags(_ tags: [String]) throws -> String {
        String(decoding: try ChatJSON.encode(tags), as: UTF8.self)
    }

    static func encodeMetadata(_ metadata: [String: JSONValue]) throws -> String {
        guard let text = JSONValue.object(metadata).jsonText else { throw UnencodableMetadata() }
        return text
    }

    static func decodeTags(_ text: String) throws -> [String] {
        try ChatJSON.decode([String].self, from: Data(text.utf8))
    }

    static func decodeMetadata(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let metadata) = try JSONValue(parsing: text) else { throw CorruptRow(value: text) }
        return metadata
    }

    static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw CorruptRow(value: text) }
        return id
    }
}

/// A stored value the schema should have made impossible.
struct CorruptRow: Error, CustomStringConvertible {
    let value: String
    var description: String { "corrupt row value '\(value)'" }
}

/// Metadata with a number JSON cannot write (not finite).
struct UnencodableMetadata: Error, CustomStringConvertible {
    var description: String { "metadata holds a number that is not finite" }
}
