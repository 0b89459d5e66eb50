import ChatModel
import Foundation
import GRDB

/// Column lists and row decoding shared by the store's queries.
enum StoredRows {
    /// Conversation columns plus the computed `unread_count` (alias `c` for conversations).
    static let conversationColumns = """
        c.*, (SELECT COUNT(*) FROM messages m
              WHERE m.conversation_id = c.id AND m.is_read = 0 AND m.sender <> 'admin') AS unread_count
        """

    static let messageColumns = "id, conversation_id, sender, type, content, metadata, timestamp, is_read, created_at"

    static func conversation(_ row: Row) throws -> Conversation {
        Conversation(
            id: ConversationID(try uuid(row["id"])),
            clientID: try uuid(row["client_id"]).wireString,
            status: try Conversation.Status.parse(row["status"]),
            channel: try Conversation.Channel.parse(row["channel"]),
            assignedAgentID: try (row["assigned_agent_id"] as String?).map(uuid)?.wireString,
            priority: try Conversation.Priority.parse(row["priority"]),
            summary: row["summary"],
            tags: try decodeTags(row["tags"]),
            unreadCount: row["unread_count"],
            startDate: MicroTime.date(row["start_date"]),
            lastUpdate: MicroTime.date(row["last_update"]),
            createdAt: MicroTime.date(row["created_at"]),
            updatedAt: MicroTime.date(row["updated_at"])
        )
    }

    static func message(_ row: Row) throws -> Message {
        Message(
            id: MessageID(try uuid(row["id"])),
            conversationID: ConversationID(try uuid(row["conversation_id"])),
            sender: try Message.Sender.parse(row["sender"]),
            kind: try Message.Kind.parse(row["type"]),
            content: row["content"],
            metadata: try (row["metadata"] as String?).map(decodeMetadata),
            timestamp: MicroTime.date(row["timestamp"]),
            isRead: row["is_read"],
            createdAt: MicroTime.date(row["created_at"])
        )
    }

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
        String(decoding: try ChatJSON.encode(metadata), as: UTF8.self)
    }

    private static func decodeTags(_ text: String) throws -> [String] {
        try ChatJSON.decode([String].self, from: Data(text.utf8))
    }

    private static func decodeMetadata(_ text: String) throws -> [String: JSONValue] {
        try ChatJSON.decode([String: JSONValue].self, from: Data(text.utf8))
    }

    private static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw CorruptRow(value: text) }
        return id
    }
}

/// A stored value the schema should have made impossible.
struct CorruptRow: Error, CustomStringConvertible {
    let value: String
    var description: String { "corrupt row value '\(value)'" }
}
