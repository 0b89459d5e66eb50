import Foundation
import GRDB

/// The client's local SQLite files (the outbox, the local history): private directory, WAL
/// with `synchronous = NORMAL` (a commit survives the process being killed), and a busy
/// timeout for the other processes of the same user.
enum LocalDatabase {
    static func open(_ path: String) throws -> DatabaseQueue {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let db = try DatabaseQueue(path: path, configuration: configuration)
        try db.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return db
    }
}

extension DatabaseQueue {
    /// Runs `body` in one immediate transaction (the write lock taken up front, so two
    /// processes never deadlock upgrading a read), with BEGIN and COMMIT prepared once per
    /// connection: GRDB's `write` parses them again on every call, a cost paid per message.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writeWithoutTransaction { db in
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
            do {
                let result = try body(db)
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                return result
            } catch {
                if db.isInsideTransaction { try? db.rollback() }
                throw error
            }
        }
    }
}
