import ChatModel
import Foundation
import PostgresNIO

extension PostgresChatStore {
    func createConversation(_ draft: ConversationDraft, id: ConversationID, now: Date) async throws -> Conversation {
        let time = MicroTime.micros(now)
        let tags = try StoredJSON.encodeTags(draft.tags)
        let query: PostgresQuery = """
            WITH c AS (
                INSERT INTO conversations (id, client_id, status, channel, assigned_agent_id, priority, summary, tags,
                    start_date, last_update, created_at, updated_at)
                VALUES (\(StoredJSON.key(id)), \(StoredJSON.key(draft.clientID)), \(draft.status.rawValue),
                    \(draft.channel.rawValue), \(draft.assignedAgentID.map(StoredJSON.key)), \(draft.priority.rawValue),
                    \(draft.summary), \(tags)::jsonb, \(time), \(time), \(time), \(time))
                RETURNING *)
            SELECT \(unescaped: PostgresRows.conversationColumns) FROM c
            """
        return try await pool.rows("create conversation", query) { rows in
            guard let created = try await PostgresRows.conversations(rows).first else { throw CorruptRow(value: id.rawValue) }
            return created
        }
    }

    func conversation(_ id: ConversationID) async throws -> Conversation? {
        try await pool.rows("conversation", Self.conversationQuery(id)) { try await PostgresRows.conversations($0).first }
    }

    func conversations(matching filter: ConversationFilter, page: Int, limit: Int) async throws -> Page<Conversation> {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func parameter(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let clientID = filter.clientID { clauses.append("c.client_id = \(parameter(StoredJSON.key(clientID)))") }
        if let status = filter.status { clauses.append("c.status = \(parameter(status.rawValue))") }
        if let priority = filter.priority { clauses.append("c.priority = \(parameter(priority.rawValue))") }
        if let search = filter.search, !search.isEmpty {
            let needle = parameter(search)
            clauses.append("""
                (strpos(chat_fold(COALESCE(c.summary, '')), chat_fold(\(needle))) > 0
                 OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.tags) t WHERE strpos(chat_fold(t), chat_fold(\(needle))) > 0))
                """)
        }
        let condition = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let countQuery = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM conversations c \(condition)", binds: binds)
        var pageBinds = binds
        pageBinds.append(Int64(limit))
        pageBinds.append(Int64((page - 1) * limit))
        let pageQuery = PostgresQuery(
            unsafeSQL: """
                SELECT \(PostgresRows.conversationColumns) FROM conversations c \(condition)
                ORDER BY c.last_update DESC, c.created_at DESC, c.id DESC LIMIT $\(binds.count + 1) OFFSET $\(binds.count + 2)
                """,
            binds: pageBinds)
        let logger = pool.logger
        return try await pool.withConnection("list conversations") { connection in
            var total = 0
            for try await count in try await connection.query(countQuery, logger: logger).decode(Int64.self) {
                total = Int(count)
            }
            let items = try await PostgresRows.conversations(try await connection.query(pageQuery, logger: logger))
            return Page(items: items, total: total, page: page, limit: limit, hasNext: page * limit < total)
        }
    }

    func updateConversation(_ id: ConversationID, _ patch: ConversationPatch, now: Date) async throws -> ConversationChange? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        binds.append(StoredJSON.key(id))
        func set(_ column: String, _ value: String?, cast: String = "") {
            binds.append(value)
            assignments.append("\(column) = $\(binds.count)\(cast)")
        }
        if let status = patch.status { set("status", status.rawValue) }
        if let agent = patch.assignedAgentID { set("assigned_agent_id", agent.map(StoredJSON.key)) }
        if let priority = patch.priority { set("priority", priority.rawValue) }
        if let summary = patch.summary { set("summary", summary) }
        if let tags = patch.tags { set("tags", try StoredJSON.encodeTags(tags), cast: "::jsonb") }
        binds.append(MicroTime.micros(now))
        assignments.append("updated_at = $\(binds.count)")
        let update = PostgresQuery(
            unsafeSQL: "UPDATE conversations SET \(assignments.joined(separator: ", ")) WHERE id = $1", binds: binds)
        let key = StoredJSON.key(id)
        let logger = pool.logger
        return try await pool.transaction("update conversation") { connection in
            var previous: Conversation.Status?
            for try await status in try await connection.query(
                "SELECT status FROM conversations WHERE id = \(key) FOR UPDATE", logger: logger
            ).decode(String.self) {
                previous = try Conversation.Status.parse(status)
            }
            guard let previous else { return nil }
            try await connection.query(update, logger: logger)
            let rows = try await connection.query(Self.conversationQuery(id), logger: logger)
            guard let conversation = try await PostgresRows.conversations(rows).first else { return nil }
            return ConversationChange(conversation: conversation, previousStatus: previous)
        }
    }

    func markConversationRead(_ id: ConversationID) async throws -> Conversation? {
        let key = StoredJSON.key(id)
        let logger = pool.logger
        return try await pool.transaction("mark conversation read") { connection in
            try await connection.query(
                "UPDATE messages SET is_read = true WHERE conversation_id = \(key) AND NOT is_read AND sender <> 'admin'",
                logger: logger)
            return try await PostgresRows.conversations(try await connection.query(Self.conversationQuery(id), logger: logger)).first
        }
    }

    static func conversationQuery(_ id: ConversationID) -> PostgresQuery {
        "SELECT \(unescaped: PostgresRows.conversationColumns) FROM conversations c WHERE c.id = \(StoredJSON.key(id))"
    }
}
