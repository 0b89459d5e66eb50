import GRDB
import Synchronization

/// Writes that queue while SQLite's one writer is busy, committed together: one
/// transaction, and so one WAL commit (one fsync with `synchronous = FULL`), for up to
/// `maxGroup` of them. Each runs in a savepoint of its own, so one that throws leaves the
/// others alone. A write that finds the writer idle starts at once, alone.
final class GroupCommit<Outcome: Sendable>: Sendable {
    private struct Write: Sendable {
        let work: @Sendable (Database) throws -> Outcome
        let afterCommit: @Sendable (Outcome) -> Void
        let settled: @Sendable (Result<Outcome, any Error>) -> Void
    }

    private struct Queue {
        var waiting: [Write] = []
        /// True while a drain runs on the writer: new writes join its next group.
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())
    /// The most writes in one transaction, so that one commit stays short.
    let maxGroup: Int

    init(_ writer: any DatabaseWriter, maxGroup: Int = 256) {
        self.writer = writer
        self.maxGroup = max(maxGroup, 1)
    }

    /// How many writes wait for the next group.
    var waiting: Int { queue.withLock { $0.waiting.count } }

    /// Runs `work` in the transaction of the next group and returns what it returned once that
    /// transaction is durable; `afterCommit` runs first, on the writer's queue, in commit order.
    func write(
        _ work: @escaping @Sendable (Database) throws -> Outcome, afterCommit: @escaping @Sendable (Outcome) -> Void
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(work, afterCommit: afterCommit) { continuation.resume(with: $0) }
        }
    }

    /// Queues `work` for the next group and returns at once. Writes are committed in the order
    /// they were queued; each one's `afterCommit` (on success) then `settled` run on the
    /// writer's queue in that order, once its transaction is durable or has failed.
    func enqueue(
        _ work: @escaping @Sendable (Database) throws -> Outcome, afterCommit: @escaping @Sendable (Outcome) -> Void,
        settled: @escaping @Sendable (Result<Outcome, any Error>) -> Void
    ) {
        let write = Write(work: work, afterCommit: afterCommit, settled: settled)
        let starts = queue.withLock { queue in
            queue.waiting.append(write)
            defer { queue.draining = true }
            return !queue.draining
        }
        if starts { writer.asyncWriteWithoutTransaction { db in self.drain(db) } }
    }

    /// Commits groups until nothing waits.
    private func drain(_ db: Database) {
        while true {
            let group = queue.withLock { queue in
                let group = Array(queue.waiting.prefix(maxGroup))
                queue.waiting.removeFirst(group.count)
                if group.isEmpty { queue.draining = false }
                return group
            }
            guard !group.isEmpty else { return }
            commit(group, in: db)
        }
    }

    private func commit(_ group: [Write], in db: Database) {
        var outcomes: [Result<Outcome, any Error>] = []
        outcomes.reserveCapacity(group.count)
        do {
            try db.inTransaction {
                // Prepared once: GRDB's `inSavepoint` parses its statements on every call.
                let (begin, release, rollback) = (
                    try db.cachedStatement(sql: "SAVEPOINT grouped"), try db.cachedStatement(sql: "RELEASE grouped"),
                    try db.cachedStatement(sql: "ROLLBACK TO grouped"))
                for write in group {
                    try begin.execute()
                    do {
                        outcomes.append(.success(try write.work(db)))
                        try release.execute()
                    } catch {
                        // Some errors (a full disk, I/O) make SQLite roll the whole transaction
                        // back: then the group fails as one.
                        guard db.isInsideTransaction else { throw error }
                        try rollback.execute()
                        try release.execute()
                        outcomes.append(.failure(error))
                    }
                }
                return .commit
            }
        } catch {
            outcomes = group.map { _ in .failure(error) }
        }
        for (write, outcome) in zip(group, outcomes) {
            if case .success(let value) = outcome { write.afterCommit(value) }
            write.settled(outcome)
        }
    }
}
