import ChatModel
import Foundation

/// JSON text in tests (reading values is `ChatModel`'s `JSONValue+Access`).
extension JSONValue {
    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        try ChatJSON.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Compact JSON text.
    public var jsonText: String {
        (try? ChatJSON.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
