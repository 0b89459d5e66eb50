@testable import ChatServerCore
import Foundation
import GRDB
import Synchronization
import Testing

/// SQLite's one writer commits the writes that queued while it was busy in one transaction;
/// each caller still hears its own outcome, and one that throws leaves the others stored.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    /// Counts the commits of the connection it observes.
    final class Commits: TransactionObserver, Sendable {
        let count = Mutex(0)
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { count.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    /// The outcomes `afterCommit` saw, in order.
    final class Seen: Sendable {
        let values = Mutex([Int]())
    }

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID()).sqlite").path

    func pool() throws -> (DatabasePool, Commits) {
        let pool = try DatabasePool(path: path)
        let commits = Commits()
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE t (x INTEGER NOT NULL)")
            db.add(transactionObserver: commits, extent: .databaseLifetime)
        }
        commits.count.withLock { $0 = 0 }
        return (pool, commits)
    }

    /// Inserts `x` and returns it; `refuse` throws after the insert.
    static func insert(_ x: Int, refuse: Bool = false) -> @Sendable (Database) throws -> Int {
        { db in
            try db.execute(sql: "INSERT INTO t (x) VALUES (?)", arguments: [x])
            if refuse { throw Refused() }
            return x
        }
    }

    /// Inserts 0 once `gate` opens, keeping the writer busy; `started` hears when it began.
    static func blocking(on gate: DispatchSemaphore, noting started: Seen) -> @Sendable (Database) throws -> Int {
        { db in
            started.values.withLock { $0.append(0) }
            gate.wait()
            return try insert(0)(db)
        }
    }

    @Test func writesQueuedBehindABusyWriterShareOneCommitAndKeepTheirOrder() async throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (pool, commits) = try pool()
        let group = GroupCommit<Int>(pool)
        let gate = DispatchSemaphore(value: 0)
        let (order, started) = (Seen(), Seen())
        let first = Task { try await group.write(Self.blocking(on: gate, noting: started)) { _ in } }
        while started.values.withLock({ $0.isEmpty }) { await Task.yield() }
        var queued: [Task<Int, any Error>] = []
        for x in 1...20 {
            queued.append(Task { try await group.write(Self.insert(x)) { x in order.values.withLock { $0.append(x) } } })
            while group.waiting < x { await Task.yield() }
        }
        gate.signal()
        #expect(try await first.value == 0)
        for (index, task) in queued.enumerated() { #expect(try await task.value == index + 1) }
        #expect(commits.count.withLock { $0 } == 2, "the first alone, then the twenty that queued behind it")
        #expect(order.values.withLock { $0 } == Array(1...20), "afterCommit runs in commit order")
        #expect(try await pool.read { try Int.fetchAll($0, sql: "SELECT x FROM t ORDER BY rowid") } == Array(0...20))
    }

    @Test func aWriteThatThrowsIsUndoneAndTheRestOfItsGroupIsStored() async throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (pool, commits) = try pool()
        let group = GroupCommit<Int>(pool)
        let (gate, started) = (DispatchSemaphore(value: 0), Seen())
        let first = Task { try await group.write(Self.blocking(on: gate, noting: started)) { _ in } }
        while started.values.withLock({ $0.isEmpty }) { await Task.yield() }
        var queued: [Task<Int, any Error>] = []
        for x in 1...3 {
            queued.append(Task { try await group.write(Self.insert(x, refuse: x == 2)) { _ in } })
            while group.waiting < x { await Task.yield() }
        }
        gate.signal()
        _ = try await first.value
        #expect(try await queued[0].value == 1)
        await #expect(throws: Refused.self) { try await queued[1].value }
        #expect(try await queued[2].value == 3)
        #expect(commits.count.withLock { $0 } == 2)
        #expect(try await pool.read { try Int.fetchAll($0, sql: "SELECT x FROM t ORDER BY rowid") } == [0, 1, 3])
    }

    @Test func enqueuedWritesSettleInTheOrderTheyWereQueuedEachAfterItsAfterCommit() async throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (pool, _) = try pool()
        let group = GroupCommit<Int>(pool)
        let events = Mutex([String]())
        let (settledAll, allSettled) = AsyncStream.makeStream(of: Void.self)
        for x in 1...300 {
            group.enqueue(Self.insert(x, refuse: x % 7 == 0)) { x in
                events.withLock { $0.append("committed \(x)") }
            } settled: { result in
                events.withLock { $0.append((try? result.get()).map { "settled \($0)" } ?? "refused \(x)") }
                if x == 300 { allSettled.finish() }
            }
        }
        for await _ in settledAll {}
        let expected = (1...300).flatMap { x in x % 7 == 0 ? ["refused \(x)"] : ["committed \(x)", "settled \(x)"] }
        #expect(events.withLock { $0 } == expected)
        #expect(try await pool.read { try Int.fetchAll($0, sql: "SELECT x FROM t ORDER BY rowid") } == (1...300).filter { $0 % 7 != 0 })
    }
}
