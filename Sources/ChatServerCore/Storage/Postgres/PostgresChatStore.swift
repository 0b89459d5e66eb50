import ChatModel
import Foundation
import Logging
import PostgresNIO

/// The server's PostgreSQL database, shared by any number of instances: the same tables and
/// guarantees as `SQLiteChatStore`, with the database enforcing what must hold across
/// instances (unique client ids, per-user message counts, per-conversation order).
///
/// Appends to one conversation are serialized by a row lock on the conversation, so sequence
/// numbers and timestamps ascend within a conversation in commit order, which is what lets
/// every instance catch up on a conversation by asking for `seq` greater than the last it saw.
final class PostgresChatStore: ChatStore {
    let pool: PostgresPool
    let deduplicates: Bool

    /// Opens the pool and migrates the schema (waiting for another instance's migration).
    init(pool: PostgresPool, deduplicates: Bool) async throws {
        self.pool = pool
        self.deduplicates = deduplicates
        let applied = try await PostgresSchema.migrate(pool)
        if !applied.isEmpty {
            pool.logger.info("database migrated", metadata: ["versions": "\(applied)", "database": "\(pool.url)"])
        }
    }

    func close() async {
        await pool.close()
    }

    func counts() async throws -> StoreCounts {
        try await pool.rows("counts", "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)") { rows in
            for try await (conversations, messages) in rows.decode((Int64, Int64).self) {
                return StoreCounts(conversations: Int(conversations), messages: Int(messages))
            }
            return StoreCounts(conversations: 0, messages: 0)
        }
    }

    func position(of id: ConversationID) async throws -> Int64? {
        let key = StoredJSON.key(id)
        return try await pool.rows(
            "position",
            """
            SELECT COALESCE((SELECT m.seq FROM messages m WHERE m.conversation_id = c.id
                             ORDER BY m.timestamp DESC, m.seq DESC LIMIT 1), 0)
            FROM conversations c WHERE c.id = \(key)
            """
        ) { rows in
            for try await seq in rows.decode(Int64.self) { return seq }
            return nil
        }
    }

    /// Committed messages of the given conversations after each one's cursor, in `seq` order,
    /// at most `limit` of them: what an instance delivers to its sockets.
    func messages(after cursors: [ConversationID: Int64], limit: Int) async throws -> [StoredMessage] {
        guard !cursors.isEmpty else { return [] }
        let ids = cursors.keys.map(StoredJSON.key)
        let after = cursors.keys.map { cursors[$0]! }
        return try await pool.rows(
            "catch up",
            """
            SELECT \(unescaped: PostgresRows.messageColumns)
            FROM chat_messages_after(\(ids), \(after), \(Int32(clamping: limit))) m ORDER BY m.seq
            """, PostgresRows.messages)
    }
}
