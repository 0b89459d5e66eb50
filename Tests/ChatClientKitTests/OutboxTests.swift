import ChatClientKit
import Foundation
import GRDB
import Testing

@Suite struct OutboxTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())/o.sqlite").path
    let conversation = ConversationID(UUID())

    @Test func survivesReopeningInOrder() throws {
        do {
            let outbox = try Outbox(path: path)
            for index in 0..<5 { try outbox.add(conversationID: conversation, content: "m\(index)") }
            try outbox.add(conversationID: ConversationID(UUID()), content: "elsewhere")
        }
        let reopened = try Outbox(path: path)
        #expect(try reopened.entries(conversationID: conversation).map(\.content) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(try reopened.pendingCount() == 6)
    }

    @Test func tracksAttemptsFailuresAndRemoval() throws {
        let outbox = try Outbox(path: path)
        let entry = try outbox.add(conversationID: conversation, content: "hello")
        #expect(entry.metadata == ["client_message_id": .string(entry.id)])
        try outbox.markAttempted(entry.id, now: Date(timeIntervalSince1970: 100))
        try outbox.markAttempted(entry.id, now: Date(timeIntervalSince1970: 200))
        var stored = try #require(try outbox.entries().first)
        #expect(stored.attempts == 2)
        #expect(stored.firstAttemptAt == Date(timeIntervalSince1970: 100))
        try outbox.markFailed(entry.id, reason: "closed")
        stored = try #require(try outbox.entries().first)
        #expect(stored.state == .failed("closed"))
        #expect(try outbox.pendingCount() == 0)
        try outbox.retry(entry.id)
        #expect(try outbox.entries().first?.state == .pending)
        try outbox.remove([entry.id])
        #expect(try outbox.entries().isEmpty)
    }

    @Test func sentClientIDsOutliveDeliveryAndAreCapped() throws {
        do {
            let outbox = try Outbox(path: path, keptClientIDs: 3)
            for index in 0..<5 {
                let entry = try outbox.add(conversationID: conversation, content: "m\(index)", clientID: "c\(index)")
                try outbox.remove([entry.id])
            }
            try outbox.add(conversationID: ConversationID(UUID()), content: "elsewhere", clientID: "x")
        }
        let reopened = try Outbox(path: path, keptClientIDs: 3)
        #expect(try reopened.entries().count == 1)
        #expect(try reopened.sentClientIDs(conversationID: conversation) == ["c3", "c4"], "the newest three of all: c3, c4 and x")
    }

    @Test func anOutboxOfTheFirstShapeKeepsItsEntriesAndSentIDs() throws {
        try writeOldFile { db in
            try db.execute(sql: """
                INSERT INTO grdb_migrations VALUES ('v1'), ('v2 unconfirmed'), ('v3 sent');
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL, content TEXT NOT NULL, kind TEXT NOT NULL,
                    created_at DOUBLE NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, first_attempt_at DOUBLE,
                    failure TEXT, unconfirmed BOOLEAN NOT NULL DEFAULT 0);
                CREATE INDEX outbox_on_conversation_id ON outbox(conversation_id);
                CREATE TABLE sent (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL);
                CREATE INDEX sent_on_conversation_id ON sent(conversation_id);
                """)
            for (seq, id) in [(7, "b"), (3, "a")] {
                try db.execute(
                    sql: """
                        INSERT INTO outbox (seq, client_id, conversation_id, content, kind, created_at, attempts, unconfirmed)
                        VALUES (?, ?, ?, ?, 'text', 100, 1, ?)
                        """,
                    arguments: [seq, id, conversation.rawValue, "m-\(id)", id == "b"])
                try db.execute(
                    sql: "INSERT INTO sent (seq, client_id, conversation_id) VALUES (?, ?, ?)",
                    arguments: [seq, id, conversation.rawValue])
            }
        }

        let outbox = try Outbox(path: path, keptClientIDs: 3)
        #expect(try outbox.entries().map(\.content) == ["m-a", "m-b"])
        #expect(try outbox.entries().map(\.state) == [.pending, .unconfirmed])
        #expect(try outbox.entries().map(\.attempts) == [1, 1])
        for index in 0..<2 { try outbox.add(conversationID: conversation, content: "new \(index)", clientID: "n\(index)") }
        #expect(try outbox.entries().map(\.content) == ["m-a", "m-b", "new 0", "new 1"])
        #expect(try outbox.sentClientIDs(conversationID: conversation) == ["b", "n0", "n1"], "the oldest, a, trimmed")
    }

    /// A file from the first version (migration v1 only: no `unconfirmed`, no `sent`) keeps
    /// its entries and ends with the same tables as a new file.
    @Test func anOutboxOfTheFirstVersionIsRebuiltIntoTheTablesOfANewOne() throws {
        try writeOldFile { db in
            try db.execute(sql: """
                INSERT INTO grdb_migrations VALUES ('v1');
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL UNIQUE,
                    conversation_id TEXT NOT NULL, content TEXT NOT NULL, kind TEXT NOT NULL,
                    created_at DOUBLE NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, first_attempt_at DOUBLE,
                    failure TEXT);
                CREATE INDEX outbox_on_conversation_id ON outbox(conversation_id);
                """)
            try db.execute(
                sql: "INSERT INTO outbox (client_id, conversation_id, content, kind, created_at) VALUES ('a', ?, 'm-a', 'text', 100)",
                arguments: [conversation.rawValue])
        }

        let outbox = try Outbox(path: path)
        #expect(try outbox.entries().map(\.content) == ["m-a"])
        #expect(try outbox.entries().map(\.state) == [.pending])
        try outbox.add(conversationID: conversation, content: "new", clientID: "n")
        #expect(try outbox.sentClientIDs(conversationID: conversation) == ["n"])

        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())/o.sqlite").path
        _ = try Outbox(path: fresh)
        #expect(try Self.tables(at: path) == (try Self.tables(at: fresh)))
        #expect(try Self.tables(at: fresh).count == 2)
    }

    /// Writes the outbox file as an earlier version left it: GRDB's table of applied
    /// migrations and whatever `fill` adds.
    func writeOldFile(_ fill: (Database) throws -> Void) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try fill(db)
        }
        try old.close()
    }

    /// The outbox and sent tables as SQLite describes them: each column, and each index's
    /// uniqueness and columns.
    static func tables(at path: String) throws -> [String: [String]] {
        try DatabaseQueue(path: path).read { db in
            var tables: [String: [String]] = [:]
            for table in ["outbox", "sent"] where try db.tableExists(table) {
                let columns = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", arguments: [table])
                    .map { "\($0["name"] as String) \($0["type"] as String) \($0["notnull"] as Int) \($0["dflt_value"] as String?  ?? "-") \($0["pk"] as Int)" }
                let indexes = try Row.fetchAll(db, sql: "SELECT name, \"unique\" FROM pragma_index_list(?)", arguments: [table]).map { row in
                    let names = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [row["name"] as String])
                    return "index unique=\(row["unique"] as Int) \(names.joined(separator: ","))"
                }
                tables[table] = columns + indexes.sorted()
            }
            return tables
        }
    }

    /// A message added and removed between two transactions never had a row, and its
    /// removal costs no statement; added again under the id of a row the database holds
    /// (written earlier, by an outbox before this one, or by another outbox this one has
    /// read), its removal takes that row.
    @Test func aRemovedMessageTakesItsRowWhereverTheRowCameFrom() throws {
        do {
            let earlier = try Outbox(path: path)
            try earlier.add(conversationID: conversation, content: "from the last run", clientID: "last run")
        }
        let outbox = try Outbox(path: path)
        try outbox.add(conversationID: conversation, content: "written here", clientID: "here")
        _ = try outbox.entries()
        let other = try Outbox(path: path)
        try other.add(conversationID: conversation, content: "from another outbox", clientID: "other")
        try other.flush()
        #expect(try outbox.entries().map(\.id) == ["last run", "here", "other"])

        for id in ["last run", "here", "other", "new"] {
            try outbox.add(conversationID: conversation, content: "again", clientID: id)
            try outbox.remove([id])
        }
        #expect(try outbox.entries().isEmpty)
        #expect(try other.entries().isEmpty)
        #expect(try outbox.sentClientIDs(conversationID: conversation) == ["last run", "here", "other", "new"])
    }

    /// Reads on one thread while another's writes commit (each large enough to): both take
    /// the intake's lock before the database, so neither waits for the other for ever.
    @Test(.timeLimit(.minutes(1))) func readsAndCommitsOnTwoThreadsDoNotDeadlock() async throws {
        let outbox = try Outbox(path: path)
        let large = String(repeating: "x", count: 800 << 10)
        let elsewhere = ConversationID(UUID())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for _ in 0..<40 { try outbox.add(conversationID: conversation, content: large) } }
            group.addTask { for _ in 0..<400 { _ = try outbox.entries(conversationID: elsewhere) } }
            try await group.waitForAll()
        }
        #expect(try outbox.pendingCount() == 40)
    }

    @Test func clientIDsAreUnique() throws {
        let outbox = try Outbox(path: path)
        let ids = try (0..<200).map { try outbox.add(conversationID: conversation, content: "\($0)").id }
        #expect(Set(ids).count == 200)
    }
}
