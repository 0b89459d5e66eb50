import ChatModel
import Foundation
import GRDB

extension SQLiteChatStore {
    func createConversation(_ draft: ConversationDraft, id: ConversationID, now: Date) async throws -> Conversation {
        try await pool.write { db in
            let time = MicroTime.micros(now)
            try db.cachedStatement(
                sql: """
                    INSERT INTO conversations (id, client_id, status, channel, assigned_agent_id, priority, summary, tags,
                        start_date, last_update, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    SQLiteRows.key(id), SQLiteRows.key(draft.clientID), draft.status.rawValue, draft.channel.rawValue,
                    draft.assignedAgentID.map(SQLiteRows.key), draft.priority.rawValue, draft.summary,
                    try StoredJSON.encodeTags(draft.tags), time, time, time, time,
                ])
            return try Self.fetchConversation(db, id)!
        }
    }

    func conversation(_ id: ConversationID) async throws -> Conversation? {
        try await pool.read { db in try Self.fetchConversation(db, id) }
    }

    func conversations(matching filter: ConversationFilter, page: Int, limit: Int) async throws -> Page<Conversation> {
        try await pool.read { db in
            var clauses: [String] = []
            var arguments = StatementArguments()
            if let clientID = filter.clientID {
                clauses.append("c.client_id = ?")
                _ = arguments.append(contentsOf: [SQLiteRows.key(clientID)])
            }
            if let status = filter.status {
                clauses.append("c.status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let priority = filter.priority {
                clauses.append("c.priority = ?")
                _ = arguments.append(contentsOf: [priority.rawValue])
            }
            if let search = filter.search, !search.isEmpty {
                clauses.append("""
                    (chat_contains(COALESCE(c.summary, ''), ?)
                     OR EXISTS (SELECT 1 FROM json_each(c.tags) WHERE chat_contains(json_each.value, ?)))
                    """)
                _ = arguments.append(contentsOf: [search, search])
            }
            let condition = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations c \(condition)", arguments: arguments) ?? 0
            var pageArguments = arguments
            _ = pageArguments.append(contentsOf: [limit, (page - 1) * limit])
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SQLiteRows.conversationColumns) FROM conversations c \(condition)
                    ORDER BY c.last_update DESC, c.created_at DESC, c.id DESC LIMIT ? OFFSET ?
                    """,
                arguments: pageArguments)
            return Page(
                items: try rows.map(SQLiteRows.conversation), total: total, page: page, limit: limit,
                hasNext: page * limit < total)
        }
    }

    func updateConversation(_ id: ConversationID, _ patch: ConversationPatch, now: Date) async throws -> ConversationChange? {
        try await pool.write { db in
            guard let before = try Self.fetchConversation(db, id) else { return nil }
            var assignments: [String] = []
            var arguments = StatementArguments()
            func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
                assignments.append("\(column) = ?")
                _ = arguments.append(contentsOf: [value])
            }
            if let status = patch.status { set("status", status.rawValue) }
            if let agent = patch.assignedAgentID { set("assigned_agent_id", agent.map(SQLiteRows.key)) }
            if let priority = patch.priority { set("priority", priority.rawValue) }
            if let summary = patch.summary { set("summary", summary) }
            if let tags = patch.tags { set("tags", try StoredJSON.encodeTags(tags)) }
            set("updated_at", MicroTime.micros(now))
            _ = arguments.append(contentsOf: [SQLiteRows.key(id)])
            try db.execute(
                sql: "UPDATE conversations SET \(assignments.joined(separator: ", ")) WHERE id = ?", arguments: arguments)
            return ConversationChange(conversation: try Self.fetchConversation(db, id)!, previousStatus: before.status)
        }
    }

    func markConversationRead(_ id: ConversationID) async throws -> Conversation? {
        try await pool.write { db in
            guard try Self.fetchConversation(db, id) != nil else { return nil }
            try db.execute(
                sql: "UPDATE messages SET is_read = 1 WHERE conversation_id = ? AND is_read = 0 AND sender <> 'admin'",
                arguments: [SQLiteRows.key(id)])
            return try Self.fetchConversation(db, id)
        }
    }

    func counts() async throws -> StoreCounts {
        try await pool.read { db in
            StoreCounts(
                conversations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") ?? 0,
                messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0)
        }
    }

    func position(of id: ConversationID) async throws -> Int64? {
        try await pool.read { db in
            guard try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM conversations WHERE id = ?"), arguments: [SQLiteRows.key(id)]) != nil
            else { return nil }
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT seq FROM messages WHERE conversation_id = ? ORDER BY timestamp DESC, seq DESC LIMIT 1"),
                arguments: [SQLiteRows.key(id)]) ?? 0
        }
    }

    static func fetchConversation(_ db: Database, _ id: ConversationID) throws -> Conversation? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(SQLiteRows.conversationColumns) FROM conversations c WHERE c.id = ?"),
            arguments: [SQLiteRows.key(id)]
        ).map(SQLiteRows.conversation)
    }
}
