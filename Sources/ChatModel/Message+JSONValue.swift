import Foundation

/// A field of a message object that is missing or of the wrong kind.
public struct InvalidMessageField: Error, Equatable, CustomStringConvertible {
    public let field: String
    public let problem: String
    public var description: String { "\(field): \(problem)" }
}

extension Message {
    /// A message from an already parsed object (`JSONValue(parsing:)`), by the rules of
    /// `init(from:)`: ids are UUIDs, `sender` and `type` are known values, `timestamp` and
    /// `created_at` are ISO-8601, and an optional field may be missing or null.
    public init(json object: [String: JSONValue]) throws(InvalidMessageField) {
        func field(_ name: String) throws(InvalidMessageField) -> JSONValue {
            guard let value = object[name], value != .null else { throw InvalidMessageField(field: name, problem: "missing") }
            return value
        }
        func string(_ name: String) throws(InvalidMessageField) -> String {
            guard case .string(let text) = try field(name) else { throw InvalidMessageField(field: name, problem: "not a string") }
            return text
        }
        func uuid(_ name: String) throws(InvalidMessageField) -> String {
            guard let text = UUID.wireForm(of: try string(name)) else { throw InvalidMessageField(field: name, problem: "not a UUID") }
            return text
        }
        func date(_ name: String) throws(InvalidMessageField) -> Date {
            guard let date = Timestamp.parse(try string(name)) else {
                throw InvalidMessageField(field: name, problem: "not an ISO-8601 date")
            }
            return date
        }
        func wire<Value: WireEnum>(_ name: String, as type: Value.Type) throws(InvalidMessageField) -> Value {
            let text = try string(name)
            do {
                return try Value.parse(text)
            } catch {
                throw InvalidMessageField(field: name, problem: error.description)
            }
        }
        func present(_ name: String) -> Bool { object[name].map { $0 != .null } ?? false }

        id = MessageID(try uuid("id"))
        conversationID = ConversationID(try uuid("conversation_id"))
        sender = try wire("sender", as: Sender.self)
        kind = present("type") ? try wire("type", as: Kind.self) : .text
        content = try string("content")
        if present("metadata") {
            guard case .object(let metadata) = try field("metadata") else {
                throw InvalidMessageField(field: "metadata", problem: "not an object")
            }
            self.metadata = metadata
        } else {
            metadata = nil
        }
        timestamp = try date("timestamp")
        if present("is_read") {
            guard case .bool(let read) = try field("is_read") else { throw InvalidMessageField(field: "is_read", problem: "not a boolean") }
            isRead = read
        } else {
            isRead = false
        }
        createdAt = present("created_at") ? try date("created_at") : timestamp
    }

    /// The object `encode(to:)` writes (a nil `metadata` is null), for `JSONValue.jsonText`.
    public var jsonValue: JSONValue {
        .object([
            "id": .string(id.rawValue), "conversation_id": .string(conversationID.rawValue),
            "sender": .string(sender.rawValue), "type": .string(kind.rawValue), "content": .string(content),
            "metadata": metadata.map(JSONValue.object) ?? .null, "timestamp": .string(Timestamp.format(timestamp)),
            "is_read": .bool(isRead), "created_at": .string(Timestamp.format(createdAt)),
        ])
    }
}
