import Foundation
import GRDB

/// The server's SQLite database (WAL, through a GRDB `DatabasePool`): conversations and messages,
/// for a single instance.
///
/// `unread_count` is never stored: every read counts the conversation's unread non-admin
/// messages through a partial index, so it cannot drift from the messages themselves.
final class SQLiteChatStore: ChatStore {
    let pool: DatabasePool
    /// Whether a repeated client id returns the stored message instead of a new one.
    let deduplicates: Bool
    /// Where messages wait for the writer, to be committed together.
    let appends: GroupCommit<AppendOutcome>

    init(path: String, fsyncEachCommit: Bool, deduplicates: Bool) throws {
        self.deduplicates = deduplicates
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.label = "chat-server"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a commit survives the process dying; FULL also survives the machine.
            try db.execute(sql: fsyncEachCommit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)") }
            db.add(function: Self.containsFunction)
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        appends = GroupCommit(pool)
        try Self.migrator.migrate(pool)
    }

    /// The writer's page cache (SQLite's default is 2 MiB). Message ids and client ids are
    /// random, so each insert lands on a random page of their indexes: once those outgrow the
    /// cache, every message costs page reads. Measured with chat-bench throughput runs one
    /// after another on one server: server CPU per run rose from 45 to 67–91 ticks with the
    /// default, and stayed at 47–55 with 64 MiB for the writer, up to 15 MB of database.
    static let writerCacheKiB = 65_536

    func close() async {
        try? pool.close()
    }

    /// `chat_contains(text, needle)`: case- and accent-insensitive substring match, for `search`.
    private static let containsFunction = DatabaseFunction("chat_contains", argumentCount: 2, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let needle = String.fromDatabaseValue(values[1]) else {
            return false
        }
        return text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE conversations (
                    id TEXT PRIMARY KEY NOT NULL,
                    client_id TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('active', 'closed', 'pending')),
                    channel TEXT NOT NULL CHECK (channel IN ('whatsapp', 'email', 'web')),
                    assigned_agent_id TEXT,
                    priority TEXT NOT NULL CHECK (priority IN ('Low', 'Medium', 'High')),
                    summary TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',
                    start_date INTEGER NOT NULL,
                    last_update INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX conversations_by_last_update ON conversations(last_update DESC, created_at DESC);
                CREATE INDEX conversations_by_client ON conversations(client_id);
                CREATE TABLE messages (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL REFERENCES conversations(id),
                    sender TEXT NOT NULL CHECK (sender IN ('admin', 'client', 'system')),
                    type TEXT NOT NULL CHECK (type IN ('text', 'image', 'file')),
                    content TEXT NOT NULL,
                    metadata TEXT,
                    client_message_id TEXT,
                    timestamp INTEGER NOT NULL,
                    is_read INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX messages_in_order ON messages(conversation_id, timestamp, seq);
                CREATE UNIQUE INDEX messages_by_client_id ON messages(conversation_id, client_message_id)
                    WHERE client_message_id IS NOT NULL;
                CREATE INDEX messages_unread ON messages(conversation_id)
                    WHERE is_read = 0 AND sender <> 'admin';
                """)
        }
        // Who wrote each message and through which door: the rate limit counts them.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE messages ADD COLUMN author_id TEXT;
                ALTER TABLE messages ADD COLUMN origin TEXT;
                ALTER TABLE messages ADD COLUMN origin_role TEXT;
                CREATE INDEX messages_by_author ON messages(author_id, origin, created_at) WHERE author_id IS NOT NULL;
                """)
        }
        // The rate limit as counters per author, origin and time slice (see `MessageQuota`).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                DROP INDEX messages_by_author;
                CREATE TABLE rate_slices (
                    author_id TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    slice INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (author_id, origin, slice)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
