import Foundation
import GRDB

/// What the client has seen of each conversation, kept on disk for servers that keep no
/// history (`DialectShape.CatchUp.none`): after a restart the app pages back through it as
/// it would through a server's history. Bounded: each conversation keeps its newest
/// `capacity` messages.
///
/// One SQLite file per server and user (see `ChatPaths.localHistory`).
public final class LocalHistory: ConversationService {
    public let capacity: Int
    private let db: DatabaseQueue

    public init(path: String, capacity: Int = 1000) throws {
        db = try LocalDatabase.open(path)
        self.capacity = capacity
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", foreignKeyChecks: .immediate) { db in
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("conversation_id", .text).notNull()
                t.column("id", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("content", .text).notNull()
                t.column("metadata", .blob)
                t.column("timestamp", .double).notNull()
                t.column("is_read", .boolean).notNull()
                t.uniqueKey(["conversation_id", "id"])
            }
        }
        try migrator.migrate(db)
    }

    /// Keeps messages (once each, by id), then trims their conversations to `capacity`.
    public func record(_ messages: [Message]) throws {
        guard !messages.isEmpty else { return }
        let insert = """
            INSERT OR IGNORE INTO message (conversation_id, id, sender, kind, content, metadata, timestamp, is_read)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        let trim = """
            DELETE FROM message WHERE conversation_id = ? AND seq <= (
                SELECT seq FROM message WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
            """
        try db.transaction { db in
            for message in messages {
                let metadata = try message.metadata.map { try ChatJSON.encode($0) }
                try db.execute(
                    sql: insert,
                    arguments: [
                        message.conversationID.rawValue, message.id.rawValue, message.sender.rawValue,
                        message.kind.rawValue, message.content, metadata, message.timestamp.timeIntervalSince1970,
                        message.isRead,
                    ])
            }
            for conversation in Set(messages.map(\.conversationID)) {
                try db.execute(sql: trim, arguments: [conversation.rawValue, conversation.rawValue, capacity])
            }
        }
    }

    public func messages(conversationID: ConversationID, limit: Int, before: HistoryAnchor?) async throws(ChatError) -> [Message] {
        let id = try before?.requireID()
        do {
            return try page(conversationID, limit: limit, before: id)
        } catch {
            throw .storage("cannot read the local history: \(error)")
        }
    }

    /// Every conversation on record with its newest message, newest activity first.
    public func conversations() throws(ChatError) -> [Message] {
        do {
            return try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM message WHERE seq IN (SELECT MAX(seq) FROM message GROUP BY conversation_id)
                        ORDER BY timestamp DESC
                        """
                ).map(Self.message(from:))
            }
        } catch {
            throw .storage("cannot read the local history: \(error)")
        }
    }

    /// Nothing to ask: read marks travel over the socket on these servers.
    public func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation? {
        nil
    }

    public func diagnoseRefusedUpgrade(of id: ConversationID) async -> ConnectFailure {
        .transient("the server refused the WebSocket upgrade")
    }

    private func page(_ conversationID: ConversationID, limit: Int, before: MessageID?) throws -> [Message] {
        try db.read { db in
            var sql = "SELECT * FROM message WHERE conversation_id = ?"
            var arguments: StatementArguments = [conversationID.rawValue]
            if let before {
                sql += " AND seq < (SELECT seq FROM message WHERE conversation_id = ? AND id = ?)"
                arguments += [conversationID.rawValue, before.rawValue]
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).reversed().map(Self.message(from:))
        }
    }

    private static func message(from row: Row) throws -> Message {
        let sender: String = row["sender"]
        let kind: String = row["kind"]
        let metadata: Data? = row["metadata"]
        let time = Date(timeIntervalSince1970: row["timestamp"])
        return Message(
            id: MessageID(row["id"] as String), conversationID: ConversationID(row["conversation_id"] as String),
            sender: try Message.Sender.parse(sender), kind: try Message.Kind.parse(kind), content: row["content"],
            metadata: try metadata.map { try ChatJSON.decode([String: JSONValue].self, from: $0) }, timestamp: time,
            isRead: row["is_read"], createdAt: time)
    }
}
