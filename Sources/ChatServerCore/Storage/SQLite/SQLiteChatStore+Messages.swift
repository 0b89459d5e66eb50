import ChatModel
import Foundation
import GRDB

extension SQLiteChatStore: OrderedAppends {
    /// `afterCommit` runs on the writer queue, so broadcasts follow commit order. Messages
    /// that arrive while the writer is busy share a transaction (`GroupCommit`).
    func append(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date,
        afterCommit: @escaping @Sendable (AppendOutcome) -> Void
    ) async throws -> AppendOutcome {
        try await appends.write(insertion(new, id: id, author: author, now: now), afterCommit: afterCommit)
    }

    func enqueueAppend(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date,
        afterCommit: @escaping @Sendable (AppendOutcome) -> Void,
        settled: @escaping @Sendable (Result<AppendOutcome, any Error>) -> Void
    ) {
        appends.enqueue(insertion(new, id: id, author: author, now: now), afterCommit: afterCommit, settled: settled)
    }

    private func insertion(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date
    ) -> @Sendable (Database) throws -> AppendOutcome {
        let deduplicating = deduplicates
        return { db in try Self.insert(db, new, id: id, author: author, now: now, deduplicating: deduplicating) }
    }

    /// Statements are prepared once per connection (`cachedStatement`): parsing them was most
    /// of a history request's own CPU.
    func messages(in conversationID: ConversationID, limit: Int, before: MessageID?, after: MessageID?) async throws -> [Message] {
        try await pool.read { db in
            let conversation = SQLiteRows.key(conversationID)
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM conversations WHERE id = ?"), arguments: [conversation]) != nil
            else { throw StoreError.conversationNotFound }
            let select = "SELECT \(SQLiteRows.messageColumns) FROM messages WHERE conversation_id = ?"
            let rows: [Row]
            if let anchorID = before ?? after {
                guard let anchor = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT timestamp, seq FROM messages WHERE id = ? AND conversation_id = ?"),
                    arguments: [SQLiteRows.key(anchorID), conversation])
                else { throw StoreError.messageNotFound }
                let position: [any DatabaseValueConvertible] = [conversation, anchor["timestamp"] as Int64, anchor["seq"] as Int64, limit]
                if before != nil {
                    rows = try Row.fetchAll(
                        db.cachedStatement(sql: select + " AND (timestamp, seq) < (?, ?) ORDER BY timestamp DESC, seq DESC LIMIT ?"),
                        arguments: StatementArguments(position)
                    ).reversed()
                } else {
                    rows = try Row.fetchAll(
                        db.cachedStatement(sql: select + " AND (timestamp, seq) > (?, ?) ORDER BY timestamp, seq LIMIT ?"),
                        arguments: StatementArguments(position))
                }
            } else {
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: select + " ORDER BY timestamp DESC, seq DESC LIMIT ?"), arguments: [conversation, limit]
                ).reversed()
            }
            return try rows.map(SQLiteRows.message)
        }
    }

    func markMessagesRead(_ ids: [MessageID], in conversationID: ConversationID?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await pool.write { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            var arguments = StatementArguments(ids.map(SQLiteRows.key))
            var sql = "UPDATE messages SET is_read = 1 WHERE is_read = 0 AND id IN (\(placeholders))"
            if let conversationID {
                sql += " AND conversation_id = ?"
                arguments += [SQLiteRows.key(conversationID)]
            }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    func existingMessageIDs(_ ids: [MessageID], in conversationID: ConversationID) async throws -> Set<MessageID> {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let arguments = StatementArguments(ids.map(SQLiteRows.key) + [SQLiteRows.key(conversationID)])
            let found = try String.fetchAll(
                db, sql: "SELECT id FROM messages WHERE id IN (\(placeholders)) AND conversation_id = ?", arguments: arguments)
            return Set(found.map { MessageID($0) })
        }
    }

    private static func insert(
        _ db: Database, _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date, deduplicating: Bool
    ) throws -> AppendOutcome {
        let conversation = SQLiteRows.key(new.conversationID)
        if let quota = author.quota {
            let reached = try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT slice FROM (
                            SELECT slice, SUM(count) OVER (ORDER BY slice DESC) AS total FROM rate_slices
                            WHERE author_id = ? AND origin = ? AND slice >= ?)
                        WHERE total >= ? ORDER BY slice DESC LIMIT 1
                        """),
                arguments: [author.userID, author.origin.column, quota.firstCountedSlice(at: now), quota.limit])
            if let retryAfter = quota.retryAfter(limitReachedAt: reached, now: now) {
                throw StoreError.rateLimited(retryAfter: retryAfter)
            }
        }
        let clientID = deduplicating ? new.clientMessageID : nil
        if let clientID,
           let row = try Row.fetchOne(
               db.cachedStatement(
                   sql: "SELECT \(SQLiteRows.messageColumns) FROM messages WHERE conversation_id = ? AND client_message_id = ?"),
               arguments: [conversation, clientID])
        {
            return .duplicate(try SQLiteRows.message(row))
        }
        guard let status = try String.fetchOne(
            db.cachedStatement(sql: "SELECT status FROM conversations WHERE id = ?"), arguments: [conversation])
        else { throw StoreError.conversationNotFound }
        guard status != Conversation.Status.closed.rawValue else { throw StoreError.conversationClosed }
        let latest = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(timestamp) FROM messages WHERE conversation_id = ?"), arguments: [conversation])
        let timestamp = max(MicroTime.micros(now), (latest ?? .min) + 1)
        try db.cachedStatement(
            sql: """
                INSERT INTO messages (id, conversation_id, sender, type, content, metadata, client_message_id,
                    timestamp, is_read, created_at, author_id, origin, origin_role)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                SQLiteRows.key(id), conversation, new.sender.rawValue, new.kind.rawValue, new.content,
                try new.metadata.map(StoredJSON.encodeMetadata), clientID, timestamp, timestamp, author.userID,
                author.origin.column, author.origin.roleColumn,
            ])
        try db.cachedStatement(sql: "UPDATE conversations SET last_update = MAX(last_update, ?) WHERE id = ?")
            .execute(arguments: [timestamp, conversation])
        if let quota = author.quota {
            try db.cachedStatement(
                sql: """
                    INSERT INTO rate_slices (author_id, origin, slice, count) VALUES (?, ?, ?, 1)
                    ON CONFLICT (author_id, origin, slice) DO UPDATE SET count = count + 1
                    """
            ).execute(
                arguments: [author.userID, author.origin.column, quota.slice(at: now)])
            try db.cachedStatement(sql: "DELETE FROM rate_slices WHERE author_id = ? AND origin = ? AND slice < ?").execute(
                arguments: [author.userID, author.origin.column, quota.firstCountedSlice(at: now)])
        }
        let stored = MicroTime.date(timestamp)
        return .created(Message(
            id: id, conversationID: new.conversationID, sender: new.sender, kind: new.kind, content: new.content,
            metadata: new.metadata, timestamp: stored, isRead: false, createdAt: stored))
    }
}
