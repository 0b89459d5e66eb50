import ChatModel
import Foundation

/// JSON as this server writes it: `ChatJSON` conventions with lowercase ids, like the seed servers.
enum WireJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = ChatJSON.encoder()
        encoder.userInfo[.lowercaseIDs] = true
        return try encoder.encode(value)
    }

    /// An id as it appears in payloads.
    static func id(_ uuid: UUID) -> String {
        uuid.uuidString.lowercased()
    }
}
