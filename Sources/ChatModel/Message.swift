import Foundation

/// A message in a conversation. Its `Codable` form is the `conversations` dialect's (REST
/// history and `new_message` frames), where ids must be UUIDs; other dialects build it
/// from their own frames.
public struct Message: Codable, Sendable, Hashable, Identifiable {
    public enum Sender: String, WireEnum {
        case admin, client, system
        public static let fieldName = "sender"
    }

    /// The seed's message `type` field.
    public enum Kind: String, WireEnum {
        case text, image, file
        public static let fieldName = "type"
    }

    /// The metadata key under which clients store their own id for a message.
    public static let clientMessageIDKey = "client_message_id"

    public var id: MessageID
    public var conversationID: ConversationID
    public var sender: Sender
    public var kind: Kind
    public var content: String
    public var metadata: [String: JSONValue]?
    public var timestamp: Date
    public var isRead: Bool
    public var createdAt: Date

    public init(
        id: MessageID, conversationID: ConversationID, sender: Sender, kind: Kind = .text, content: String,
        metadata: [String: JSONValue]? = nil, timestamp: Date, isRead: Bool = false, createdAt: Date
    ) {
        self.id = id
        self.conversationID = conversationID
        self.sender = sender
        self.kind = kind
        self.content = content
        self.metadata = metadata
        self.timestamp = timestamp
        self.isRead = isRead
        self.createdAt = createdAt
    }

    /// The client-generated id carried in `metadata.client_message_id`, if any.
    public var clientMessageID: String? {
        metadata?[Self.clientMessageIDKey]?.stringValue
    }

    enum CodingKeys: String, CodingKey {
        case id, sender, content, metadata, timestamp
        case kind = "type"
        case conversationID = "conversation_id"
        case isRead = "is_read"
        case createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = MessageID(try c.decodeUUIDWireString(forKey: .id))
        conversationID = ConversationID(try c.decodeUUIDWireString(forKey: .conversationID))
        sender = try c.decode(Sender.self, forKey: .sender)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .text
        content = try c.decode(String.self, forKey: .content)
        metadata = try c.decodeIfPresent([String: JSONValue].self, forKey: .metadata)
        timestamp = try c.decode(Date.self, forKey: .timestamp)
        isRead = try c.decodeIfPresent(Bool.self, forKey: .isRead) ?? false
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? timestamp
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(sender, forKey: .sender)
        try c.encode(kind, forKey: .kind)
        try c.encode(content, forKey: .content)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(timestamp, forKey: .timestamp)
        try c.encode(isRead, forKey: .isRead)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
