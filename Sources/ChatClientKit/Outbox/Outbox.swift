import Foundation
import GRDB
import Synchronization

/// The durable outbox: messages are written here before anything else happens to them
/// and leave only when the server's echo or history shows their client id. The client ids
/// of the newest messages sent (`keptClientIDs` of them) stay after that, so that a later
/// run can still tell the user's own messages.
///
/// One SQLite file per server and user (see `ChatPaths.outbox`), safe to share between
/// the conversations of one process and between processes. A change is first appended to
/// this outbox's intake file (`OutboxIntake`, one copy into a mapped file), then goes into
/// the database with others in one transaction: once the intake holds `commitSize` bytes
/// (a few thousand messages), before any read, and on `flush()` (the client's shutdown) or
/// when the outbox is released. A message confirmed before that transaction costs it only
/// its `sent` record (see `OutboxBatch`). Either way it survives
/// the client crashing or being killed (the next outbox on the file moves a forsaken intake
/// into the database); only an OS crash or power loss right after a send could lose it.
/// Another outbox open on the same file sees a change once it is in the database.
public final class Outbox: Sendable {
    private let db: DatabaseQueue
    private let intake: Mutex<Intake>

    /// Changes in the intake file and not yet in the database.
    private struct Intake {
        let file: OutboxIntake
        var changes: [OutboxChange] = []
        /// The client ids of the outbox rows in the database, as far as this outbox knows:
        /// those there when it opened, those it read since and those it wrote. A message
        /// added and removed between two transactions has no row unless its id is here, so
        /// its removal needs no statement (see `store`). An id whose row is gone may stay
        /// here: that costs only a statement that deletes nothing.
        var rows: Set<String>
    }

    /// How many bytes of batches wait in the intake before they go into the database in one
    /// transaction: three quarters of its reserved space, so that the intake seldom grows.
    static let commitSize = OutboxIntake.reserved / 4 * 3
    /// How many client ids of sent messages are kept, newest first (up to one transaction's
    /// more between trims).
    public let keptClientIDs: Int

    /// Opens (creating if needed) the outbox at `path`.
    public init(path: String, keptClientIDs: Int = 100_000) throws {
        self.keptClientIDs = keptClientIDs
        db = try LocalDatabase.open(path)
        try Self.migrator.migrate(db)
        let file = try Self.claimIntake(beside: path, db: db, keptClientIDs: keptClientIDs)
        let rows = try db.read { db in try String.fetchSet(db, sql: "SELECT client_id FROM outbox") }
        intake = Mutex(Intake(file: file, rows: rows))
    }

    deinit {
        try? flush()
    }

    /// Moves what forsaken intake files hold into the database and takes the first free
    /// slot: the slots from 0 up to the first missing file, whose locks no other outbox holds.
    private static func claimIntake(beside path: String, db: DatabaseQueue, keptClientIDs: Int) throws -> OutboxIntake {
        var claimed: OutboxIntake?
        for slot in 0..<OutboxIntake.slots {
            let slotPath = OutboxIntake.path(beside: path, slot: slot)
            let existed = FileManager.default.fileExists(atPath: slotPath)
            if !existed, claimed != nil { break }
            // Nil when another outbox holds it, even one that created it just now.
            guard let file = try OutboxIntake.take(slotPath) else { continue }
            let through = try recover(file, into: db, keptClientIDs: keptClientIDs)
            try file.clear()
            if claimed == nil {
                file.continueNumbering(after: through)
                claimed = file
            }
            if !existed { break }
        }
        guard let claimed else {
            throw OutboxInUse(path: path)
        }
        return claimed
    }

    /// Stores the batches of a forsaken intake file the database does not have yet; returns
    /// the number of the last batch either holds.
    private static func recover(_ file: OutboxIntake, into db: DatabaseQueue, keptClientIDs: Int) throws -> UInt64 {
        let batches = try IntakeRecord.decode(try file.contents())
        let through = try db.read { db in
            try Int64.fetchOne(db, sql: "SELECT through FROM intake WHERE name = ?", arguments: [file.name])
        }.map { UInt64($0) } ?? 0
        let missing = batches.filter { $0.number > through }
        guard let last = missing.last?.number else { return max(through, batches.last?.number ?? 0) }
        var unknown: Set<String>? = nil
        try store(missing.flatMap(\.changes), through: last, of: file.name, in: db, keptClientIDs: keptClientIDs, rows: &unknown)
        return last
    }

    /// The tables as they are now, their names after `prefix`. Each commit writes every page
    /// it touches to the WAL, so they are made to touch few: no AUTOINCREMENT (its
    /// sqlite_sequence row is one more page per insert), no index on the outbox's
    /// conversation (the table holds only messages not yet confirmed, so a scan is cheap), and
    /// one index on `sent`, (conversation, client id), for both the dedupe and the
    /// per-conversation read. `sent` loses only its oldest rows, so its rowids keep growing
    /// (the trim counts by them); a new outbox rowid is one more than the largest, so the
    /// outbox's order is the order of insertion.
    private static func tables(prefix: String) -> String {
        """
        CREATE TABLE \(prefix)outbox (
            seq INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, conversation_id TEXT NOT NULL,
            content TEXT NOT NULL, kind TEXT NOT NULL, created_at DOUBLE NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, first_attempt_at DOUBLE, failure TEXT,
            unconfirmed BOOLEAN NOT NULL DEFAULT 0);
        CREATE TABLE \(prefix)sent (
            seq INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, client_id TEXT NOT NULL,
            UNIQUE (conversation_id, client_id));
        """
    }

    /// One migration: a new file gets its tables in one step, and a file of an earlier shape
    /// (migrations v1 to v3, merged into this one) is rebuilt into them. No table has a
    /// foreign key, so the rebuild is safe with foreign keys checked at once.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(
            "v4 fewer pages per commit", foreignKeyChecks: .immediate, merging: ["v1", "v2 unconfirmed", "v3 sent"]
        ) { db, applied in
            guard applied.contains("v1") else { return try db.execute(sql: tables(prefix: "")) }
            if !applied.contains("v2 unconfirmed") {
                try db.execute(sql: "ALTER TABLE outbox ADD COLUMN unconfirmed BOOLEAN NOT NULL DEFAULT 0")
            }
            if !applied.contains("v3 sent") {
                // Empty, only so that the rebuild below has a `sent` to copy.
                try db.execute(sql: "CREATE TABLE sent (seq INTEGER PRIMARY KEY, conversation_id TEXT, client_id TEXT)")
            }
            try db.execute(sql: tables(prefix: "new_") + """
                INSERT INTO new_outbox
                    SELECT seq, client_id, conversation_id, content, kind, created_at, attempts, first_attempt_at,
                        failure, unconfirmed FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE new_outbox RENAME TO outbox;
                INSERT INTO new_sent SELECT seq, conversation_id, client_id FROM sent;
                DROP TABLE sent;
                ALTER TABLE new_sent RENAME TO sent;
                """)
        }
        migrator.registerMigration("v5 intake", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: "CREATE TABLE intake (name TEXT PRIMARY KEY, through INTEGER NOT NULL) WITHOUT ROWID")
        }
        return migrator
    }

    /// Stores a new message and returns its entry, with `clientID` or a fresh one.
    @discardableResult
    public func add(
        conversationID: ConversationID, content: String, kind: Message.Kind = .text, clientID: String? = nil,
        now: Date = Date()
    ) throws -> OutboxEntry {
        let entry = OutboxEntry.new(in: conversationID, content: content, kind: kind, clientID: clientID, now: now)
        try apply([.add(entry)])
        return entry
    }

    /// Client ids of the messages this outbox took for a conversation, delivered or not
    /// (the newest `keptClientIDs` of all conversations).
    public func sentClientIDs(conversationID: ConversationID) throws -> Set<String> {
        try flush()
        return try db.read { db in
            Set(try String.fetchAll(
                db, sql: "SELECT client_id FROM sent WHERE conversation_id = ?", arguments: [conversationID.rawValue]))
        }
    }

    /// Entries of one conversation (or all), oldest first.
    public func entries(conversationID: ConversationID? = nil) throws -> [OutboxEntry] {
        try flush()
        let entries = try db.read { db in
            let rows: [Row]
            if let conversationID {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM outbox WHERE conversation_id = ? ORDER BY seq",
                    arguments: [conversationID.rawValue])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY seq")
            }
            return try rows.map(Self.entry(from:))
        }
        // Outside the read: a commit takes the intake's lock, then the database.
        intake.withLock { $0.rows.formUnion(entries.lazy.map(\.id)) }
        return entries
    }

    /// Number of entries still pending (neither failed nor unconfirmed).
    public func pendingCount() throws -> Int {
        try flush()
        return try db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE failure IS NULL AND NOT unconfirmed") ?? 0
        }
    }

    /// Records that the entry is about to be written to a socket.
    public func markAttempted(_ id: String, now: Date = Date()) throws {
        try apply([.attempted(id, at: now)])
    }

    /// Records a permanent failure.
    public func markFailed(_ id: String, reason: String) throws {
        try apply([.failed([id], reason: reason)])
    }

    /// Records that an entry's fate is unknown (sent, acknowledgement lost, no history to check).
    public func markUnconfirmed(_ ids: [String]) throws {
        try apply([.unconfirmed(ids)])
    }

    /// Makes a failed or unconfirmed entry pending again.
    public func retry(_ id: String) throws {
        try apply([.retry(id)])
    }

    /// Removes entries: confirmed by the server, or discarded by the user.
    public func remove(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        try apply([.remove(ids)])
    }

    /// An entry as stored; a row this code cannot have written is an error, not a silent drop.
    private static func entry(from row: Row) throws -> OutboxEntry {
        let conversation = ConversationID(row["conversation_id"] as String)
        let kindText: String = row["kind"]
        guard let kind = Message.Kind(rawValue: kindText) else { throw CorruptEntry(clientID: row["client_id"], kind: kindText) }
        let failure: String? = row["failure"]
        let unconfirmed: Bool = row["unconfirmed"]
        let firstAttempt: Double? = row["first_attempt_at"]
        return OutboxEntry(
            id: row["client_id"], conversationID: conversation, content: row["content"], kind: kind,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), attempts: row["attempts"],
            firstAttemptAt: firstAttempt.map(Date.init(timeIntervalSince1970:)),
            state: failure.map(OutboxEntry.State.failed) ?? (unconfirmed ? .unconfirmed : .pending))
    }
}

/// An outbox row with a message kind this client does not know.
struct CorruptEntry: Error, CustomStringConvertible {
    let clientID: String
    let kind: String
    var description: String { "outbox entry \(clientID) has an unknown message kind '\(kind)'" }
}

extension Outbox {
    /// Brings the durable outbox in step with changes the link decided, as one transaction:
    /// one frame appended to the intake, durable when this returns, that a crash keeps whole
    /// or not at all. Once the intake holds `commitSize` bytes it goes into the database in one
    /// transaction; if that fails, the changes stay in the intake (and in memory) for the next
    /// try, and reads report the error.
    func apply(_ changes: [OutboxChange]) throws {
        try intake.withLock { intake in
            try intake.file.append(changes)
            intake.changes += changes
            if intake.file.size >= Self.commitSize { try? commit(&intake) }
        }
    }

    /// Moves the changes waiting in the intake into the database, in one transaction.
    public func flush() throws {
        try intake.withLock { try commit(&$0) }
    }

    private func commit(_ intake: inout Intake) throws {
        guard !intake.changes.isEmpty else { return }
        var rows: Set<String>? = intake.rows
        try Self.store(
            intake.changes, through: intake.file.number, of: intake.file.name, in: db, keptClientIDs: keptClientIDs, rows: &rows)
        intake.rows = rows ?? []
        intake.changes.removeAll(keepingCapacity: true)
        try intake.file.clear()
    }

    /// Applies `changes` (as `OutboxBatch` plans them) and records that the intake `name` is
    /// in the database up to batch `number`, in one transaction.
    ///
    /// `rows` (the outbox's `Intake.rows`, nil when unknown) is brought up to date when the
    /// transaction commits. A message both added and removed in the batch is deleted only
    /// when its id is in it: otherwise the add was its first and never became a row. (A row
    /// another process wrote after this outbox last read is not known here; its removal is
    /// then left to that process, or to the next catch-up of its conversation.)
    private static func store(
        _ changes: [OutboxChange], through number: UInt64, of name: String, in queue: DatabaseQueue, keptClientIDs: Int,
        rows: inout Set<String>?
    ) throws {
        let batch = OutboxBatch(changes)
        var known = rows
        try queue.transaction { db in
            for step in batch.steps {
                guard case .apply(let change) = step else { continue }
                try apply(change, in: db)
                switch change {
                case .add(let entry): known?.insert(entry.id)
                case .remove(let ids), .confirm(let ids): for id in ids { known?.remove(id) }
                default: break
                }
            }
            try remove(batch.removedAtEnd.filter { known?.contains($0) ?? true || !batch.addedAndRemoved.contains($0) }, in: db)
            for id in batch.removedAtEnd { known?.remove(id) }
            try recordSent(batch.added, in: db, keptClientIDs: keptClientIDs)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO intake (name, through) VALUES (?, ?)")
                .execute(arguments: [name, Int64(number)])
        }
        rows = known
    }

    /// How many rows one statement of `remove` or `recordSent` takes at most (SQLite allows
    /// 32 766 parameters). Their statements are not cached: each size would be one more.
    private static let rowsPerStatement = 256

    private static func remove(_ ids: [String], in db: Database) throws {
        for start in stride(from: 0, to: ids.count, by: rowsPerStatement) {
            let chunk = ids[start..<min(start + rowsPerStatement, ids.count)]
            let marks = repeatElement("?", count: chunk.count).joined(separator: ", ")
            try db.makeStatement(sql: "DELETE FROM outbox WHERE client_id IN (\(marks))")
                .execute(arguments: StatementArguments(Array(chunk)))
        }
    }

    /// Records the client ids of the messages taken, then drops the oldest beyond `keptClientIDs`.
    private static func recordSent(_ entries: [OutboxEntry], in db: Database, keptClientIDs: Int) throws {
        guard !entries.isEmpty else { return }
        for start in stride(from: 0, to: entries.count, by: rowsPerStatement) {
            let chunk = entries[start..<min(start + rowsPerStatement, entries.count)]
            let rows = repeatElement("(?, ?)", count: chunk.count).joined(separator: ", ")
            var values: [String] = []
            values.reserveCapacity(2 * chunk.count)
            for entry in chunk {
                values.append(entry.id)
                values.append(entry.conversationID.rawValue)
            }
            try db.makeStatement(sql: "INSERT OR IGNORE INTO sent (client_id, conversation_id) VALUES \(rows)")
                .execute(arguments: StatementArguments(values))
        }
        try db.cachedStatement(sql: "DELETE FROM sent WHERE seq <= (SELECT MAX(seq) FROM sent) - ?")
            .execute(arguments: [keptClientIDs])
    }

    /// A message added twice (its client id already stored) keeps its first entry.
    private static func apply(_ change: OutboxChange, in db: Database) throws {
        switch change {
        case .add(let entry):
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO outbox (client_id, conversation_id, content, kind, created_at, attempts, first_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                entry.id, entry.conversationID.rawValue, entry.content, entry.kind.rawValue,
                entry.createdAt.timeIntervalSince1970, entry.attempts, entry.firstAttemptAt?.timeIntervalSince1970,
            ])
        case .attempted(let id, let date):
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET attempts = attempts + 1,
                        first_attempt_at = COALESCE(first_attempt_at, ?) WHERE client_id = ?
                    """
            ).execute(arguments: [date.timeIntervalSince1970, id])
        case .remove(let ids), .confirm(let ids):
            try remove(ids, in: db)
        case .failed(let ids, let reason):
            for id in ids {
                try db.cachedStatement(sql: "UPDATE outbox SET failure = ? WHERE client_id = ?").execute(arguments: [reason, id])
            }
        case .unconfirmed(let ids):
            for id in ids {
                try db.cachedStatement(sql: "UPDATE outbox SET unconfirmed = 1 WHERE client_id = ?").execute(arguments: [id])
            }
        case .retry(let id):
            try db.cachedStatement(sql: "UPDATE outbox SET failure = NULL, unconfirmed = 0 WHERE client_id = ?")
                .execute(arguments: [id])
        }
    }
}
