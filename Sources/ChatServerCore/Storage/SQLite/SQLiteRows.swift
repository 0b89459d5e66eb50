import ChatModel
import Foundation
import GRDB

/// Column lists and row decoding shared by the SQLite store's queries.
enum SQLiteRows {
    /// Conversation columns plus the computed `unread_count` (alias `c` for conversations).
    static let conversationColumns = """
        c.*, (SELECT COUNT(*) FROM messages m
              WHERE m.conversation_id = c.id AND m.is_read = 0 AND m.sender <> 'admin') AS unread_count
        """

    static let messageColumns = "id, conversation_id, sender, type, content, metadata, timestamp, is_read, created_at"

    static func conversation(_ row: Row) throws -> Conversation {
        Conversation(
            id: ConversationID(try StoredJSON.uuid(row["id"])),
            clientID: try StoredJSON.uuid(row["client_id"]).wireString,
            status: try Conversation.Status.parse(row["status"]),
            channel: try Conversation.Channel.parse(row["channel"]),
            assignedAgentID: try (row["assigned_agent_id"] as String?).map(StoredJSON.uuid)?.wireString,
            priority: try Conversation.Priority.parse(row["priority"]),
            summary: row["summary"],
            tags: try StoredJSON.decodeTags(row["tags"]),
            unreadCount: row["unread_count"],
            startDate: MicroTime.date(row["start_date"]),
            lastUpdate: MicroTime.date(row["last_update"]),
            createdAt: MicroTime.date(row["created_at"]),
            updatedAt: MicroTime.date(row["updated_at"])
        )
    }

    static func message(_ row: Row) throws -> Message {
        Message(
            id: MessageID(try StoredJSON.uuid(row["id"])),
            conversationID: ConversationID(try StoredJSON.uuid(row["conversation_id"])),
            sender: try Message.Sender.parse(row["sender"]),
            kind: try Message.Kind.parse(row["type"]),
            content: row["content"],
            metadata: try (row["metadata"] as String?).map(StoredJSON.decodeMetadata),
            timestamp: MicroTime.date(row["timestamp"]),
            isRead: row["is_read"],
            createdAt: MicroTime.date(row["created_at"])
        )
    }

    static func key<Subject>(_ id: Identifier<Subject>) -> String {
        StoredJSON.key(id)
    }

    static func key(_ id: UUID) -> String {
        StoredJSON.key(id)
    }
}
