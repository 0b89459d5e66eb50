import ChatModel
import Foundation

/// Reading decoded JSON in tests: `frame["payload"]?["user_id"]?.stringValue`.
extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    public subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var intValue: Int? {
        if case .number(let number) = self, number.rounded() == number { Int(number) } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        try ChatJSON.decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Compact JSON text.
    public var jsonText: String {
        (try? ChatJSON.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
