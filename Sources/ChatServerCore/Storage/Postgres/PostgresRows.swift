import ChatModel
import Foundation
import PostgresNIO

/// Column lists and row decoding shared by the PostgreSQL store's queries.
enum PostgresRows {
    /// Conversation columns plus the computed `unread_count` (alias `c` for conversations).
    static let conversationColumns = """
        c.id, c.client_id, c.status, c.channel, c.assigned_agent_id, c.priority, c.summary, c.tags::text,
        c.start_date, c.last_update, c.created_at, c.updated_at,
        (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND NOT m.is_read AND m.sender <> 'admin')
        """

    typealias ConversationRow = (
        String, String, String, String, String?, String, String?, String, Int64, Int64, Int64, Int64, Int64
    )

    static func conversations(_ rows: PostgresRowSequence) async throws -> [Conversation] {
        var result: [Conversation] = []
        for try await row in rows.decode(ConversationRow.self) {
            result.append(try conversation(row))
        }
        return result
    }

    static func conversation(_ row: ConversationRow) throws -> Conversation {
        Conversation(
            id: ConversationID(try StoredJSON.uuid(row.0)),
            clientID: try StoredJSON.uuid(row.1).wireString,
            status: try Conversation.Status.parse(row.2),
            channel: try Conversation.Channel.parse(row.3),
            assignedAgentID: try row.4.map(StoredJSON.uuid)?.wireString,
            priority: try Conversation.Priority.parse(row.5),
            summary: row.6,
            tags: try StoredJSON.decodeTags(row.7),
            unreadCount: Int(row.12),
            startDate: MicroTime.date(row.8),
            lastUpdate: MicroTime.date(row.9),
            createdAt: MicroTime.date(row.10),
            updatedAt: MicroTime.date(row.11)
        )
    }

    /// Message columns, then `seq`, `author_id`, `origin`, `origin_role` (alias `m`).
    static let messageColumns = """
        m.id, m.conversation_id, m.sender, m.type, m.content, m.metadata, m.timestamp, m.is_read, m.created_at,
        m.seq, m.author_id, m.origin, m.origin_role
        """

    typealias MessageRow = (String, String, String, String, String, String?, Int64, Bool, Int64, Int64, String?, String?, String?)

    static func messages(_ rows: PostgresRowSequence) async throws -> [StoredMessage] {
        var result: [StoredMessage] = []
        for try await row in rows.decode(MessageRow.self) {
            result.append(try message(row))
        }
        return result
    }

    static func message(_ row: MessageRow) throws -> StoredMessage {
        StoredMessage(
            message: Message(
                id: MessageID(try StoredJSON.uuid(row.0)),
                conversationID: ConversationID(try StoredJSON.uuid(row.1)),
                sender: try Message.Sender.parse(row.2),
                kind: try Message.Kind.parse(row.3),
                content: row.4,
                metadata: try row.5.map(StoredJSON.decodeMetadata),
                timestamp: MicroTime.date(row.6),
                isRead: row.7,
                createdAt: MicroTime.date(row.8)),
            seq: row.9, authorID: row.10 ?? "", origin: MessageOrigin(column: row.11, role: row.12))
    }
}

/// A stored message with what the fan-out needs besides the wire fields.
struct StoredMessage: Sendable {
    let message: Message
    /// The message's place in the database's single sequence (ascending within a conversation
    /// in commit order).
    let seq: Int64
    let authorID: String
    /// Nil for rows written before origins were kept.
    let origin: MessageOrigin?
}
