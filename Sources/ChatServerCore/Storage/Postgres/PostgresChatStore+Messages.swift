import ChatModel
import Foundation
import Logging
import PostgresNIO

extension PostgresChatStore {
    /// One statement, `chat_append` (schema version 2): lock the conversation's row (appends to a
    /// conversation queue here), check the author's quota under a per-author advisory lock (so
    /// concurrent appends of one author on any instance count one after another), find a
    /// duplicate client id, then insert with the next timestamp. The insert trigger NOTIFYs every
    /// instance at commit. `afterCommit` runs before returning.
    func append(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date,
        afterCommit: @escaping @Sendable (AppendOutcome) -> Void
    ) async throws -> AppendOutcome {
        let conversation = StoredJSON.key(new.conversationID)
        let clientID = deduplicates ? new.clientMessageID : nil
        let metadata = try new.metadata.map(StoredJSON.encodeMetadata)
        let limit = author.quota.map { Int32(clamping: $0.limit) }
        let firstSlice = author.quota.map { $0.firstCountedSlice(at: now) }
        let slice = author.quota.map { $0.slice(at: now) }
        let query: PostgresQuery = """
            SELECT * FROM chat_append(\(StoredJSON.key(id)), \(conversation), \(new.sender.rawValue), \(new.kind.rawValue),
                \(new.content), \(metadata), \(clientID), \(MicroTime.micros(now)), \(author.userID), \(author.origin.column),
                \(author.origin.roleColumn), \(limit), \(firstSlice), \(slice))
            """
        let (outcome, newest, stored) = try await pool.rows("append message", query) { rows in
            for try await row in rows.decode(AppendRow.self) {
                var message: StoredMessage?
                if let id = row.2, let conversation = row.3, let sender = row.4, let kind = row.5, let content = row.6,
                   let timestamp = row.8, let isRead = row.9, let createdAt = row.10, let seq = row.11
                {
                    message = try PostgresRows.message((
                        id, conversation, sender, kind, content, row.7, timestamp, isRead, createdAt, seq, row.12, row.13, row.14))
                }
                return (row.0, row.1, message)
            }
            throw CorruptRow(value: "chat_append returned no row")
        }
        let result: AppendOutcome
        switch (outcome, stored) {
        case ("created", let stored?): result = .created(stored.message)
        case ("duplicate", let stored?): result = .duplicate(stored.message)
        case ("not_found", _): throw StoreError.conversationNotFound
        case ("closed", _): throw StoreError.conversationClosed
        case ("limited", _):
            guard let quota = author.quota,
                  let retryAfter = quota.retryAfter(limitReachedAt: newest, now: now)
            else { throw CorruptRow(value: "limited without a quota") }
            throw StoreError.rateLimited(retryAfter: retryAfter)
        default:
            throw CorruptRow(value: outcome)
        }
        afterCommit(result)
        return result
    }

    /// `chat_append`'s row: the outcome, the slice at which the author's quota was reached, then the message.
    private typealias AppendRow = (
        String, Int64?, String?, String?, String?, String?, String?, String?, Int64?, Bool?, Int64?, Int64?, String?,
        String?, String?
    )

    func messages(in conversationID: ConversationID, limit: Int, before: MessageID?, after: MessageID?) async throws -> [Message] {
        let conversation = StoredJSON.key(conversationID)
        let logger = pool.logger
        return try await pool.withConnection("history") { connection in
            var exists = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM conversations WHERE id = \(conversation)", logger: logger
            ).decode(Int32.self) {
                exists = true
            }
            guard exists else { throw StoreError.conversationNotFound }
            let select = "SELECT \(PostgresRows.messageColumns) FROM messages m WHERE m.conversation_id = "
            let rows: [StoredMessage]
            if let anchorID = before ?? after {
                var anchor: (Int64, Int64)?
                for try await row in try await connection.query(
                    "SELECT timestamp, seq FROM messages WHERE id = \(StoredJSON.key(anchorID)) AND conversation_id = \(conversation)",
                    logger: logger
                ).decode((Int64, Int64).self) {
                    anchor = row
                }
                guard let anchor else { throw StoreError.messageNotFound }
                if before != nil {
                    rows = try await PostgresRows.messages(try await connection.query(
                        """
                        \(unescaped: select)\(conversation) AND (m.timestamp, m.seq) < (\(anchor.0), \(anchor.1))
                        ORDER BY m.timestamp DESC, m.seq DESC LIMIT \(limit)
                        """, logger: logger)).reversed()
                } else {
                    rows = try await PostgresRows.messages(try await connection.query(
                        """
                        \(unescaped: select)\(conversation) AND (m.timestamp, m.seq) > (\(anchor.0), \(anchor.1))
                        ORDER BY m.timestamp, m.seq LIMIT \(limit)
                        """, logger: logger))
                }
            } else {
                rows = try await PostgresRows.messages(try await connection.query(
                    "\(unescaped: select)\(conversation) ORDER BY m.timestamp DESC, m.seq DESC LIMIT \(limit)", logger: logger)
                ).reversed()
            }
            return rows.map(\.message)
        }
    }

    func markMessagesRead(_ ids: [MessageID], in conversationID: ConversationID?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let keys = ids.map(StoredJSON.key)
        let query: PostgresQuery = if let conversationID {
            """
            WITH u AS (UPDATE messages SET is_read = true WHERE NOT is_read AND id = ANY(\(keys))
                AND conversation_id = \(StoredJSON.key(conversationID)) RETURNING 1)
            SELECT COUNT(*) FROM u
            """
        } else {
            "WITH u AS (UPDATE messages SET is_read = true WHERE NOT is_read AND id = ANY(\(keys)) RETURNING 1) SELECT COUNT(*) FROM u"
        }
        return try await pool.rows("mark messages read", query) { rows in
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    func existingMessageIDs(_ ids: [MessageID], in conversationID: ConversationID) async throws -> Set<MessageID> {
        guard !ids.isEmpty else { return [] }
        let keys = ids.map(StoredJSON.key)
        return try await pool.rows(
            "existing message ids",
            "SELECT id FROM messages WHERE id = ANY(\(keys)) AND conversation_id = \(StoredJSON.key(conversationID))"
        ) { rows in
            var found: Set<MessageID> = []
            for try await id in rows.decode(String.self) { found.insert(MessageID(id)) }
            return found
        }
    }
}
