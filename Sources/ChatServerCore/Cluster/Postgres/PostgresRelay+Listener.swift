import Foundation
import Logging
import PostgresNIO

extension PostgresRelay {
    /// Keeps a dedicated connection LISTENing, reconnecting with backoff. Each time it is back:
    /// takes this instance's advisory lock, registers, rewrites this instance's presence and
    /// catches up on every watched conversation. While it is down, `/health` answers 503 and
    /// the sockets here were told once.
    func listen() async {
        var failures = 0
        let backoff = RetryDelay()
        while !Task.isCancelled {
            do {
                try await listenOnce { failures = 0 }
            } catch {
                if !Task.isCancelled {
                    logger.warning("database listener lost", metadata: ["error": "\(PostgresFailure.describe(error))"])
                }
            }
            if setLive(false) {
                delivery.storageInterrupted()
            }
            failures += 1
            try? await Task.sleep(for: backoff.delay(afterFailures: failures, fraction: .random(in: 0...1)))
        }
    }

    private func listenOnce(connected: () -> Void) async throws {
        let url = pool.url
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        configuration.options.connectTimeout = .nanoseconds(Int64(settings.databaseTimeout.seconds * 1e9))
        configuration.options.additionalStartupParameters = PostgresPool.sessionSettings(timeout: settings.databaseTimeout)
        let logger = self.logger
        let connectionConfiguration = configuration
        let connection = try await PostgresPool.withinDeadline(settings.databaseTimeout) {
            try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
        }
        do {
            try await register(on: connection)
            try await connection.listen(on: PostgresSchema.channel) { notifications in
                connected()
                _ = setLive(true)
                logger.info("database listener connected")
                ledger.withLock { $0.rewriteEverything() }
                presenceWaker.yield()
                cursors.withLock { $0.catchUpEverything() }
                dispatchWaker.yield()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.heartbeat(connection) }
                    group.addTask {
                        for try await notification in notifications {
                            self.handle(notification.payload)
                        }
                        throw ListenerEnded()
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The advisory lock (waited for: a previous session of ours may still be ending) and the
    /// `chat_instances` row that tells the sweepers which lock to test.
    private func register(on connection: PostgresConnection) async throws {
        try await PostgresPool.withinDeadline(settings.databaseTimeout * 3) {
            try await connection.query("SELECT pg_advisory_lock(\(self.lockKey))", logger: self.logger)
            try await connection.query(
                """
                INSERT INTO chat_instances (id, lock_key) VALUES (\(self.instanceID), \(self.lockKey))
                ON CONFLICT (id) DO NOTHING
                """, logger: self.logger)
        }
    }

    /// A query every heartbeat interval: a connection that no longer answers in time is given up.
    private func heartbeat(_ connection: PostgresConnection) async throws {
        while true {
            try await Task.sleep(for: settings.listenerHeartbeat)
            try await PostgresPool.withinDeadline(settings.databaseTimeout) {
                try await connection.query("SELECT 1", logger: self.logger)
            }
        }
    }

    /// On shutdown: leave the cluster at once (the others announce this instance's users
    /// offline after the presence timeout unless they are connected elsewhere).
    func retire() async {
        _ = setLive(false)
        _ = try? await pool.transaction("retire") { connection in
            try await connection.query(
                """
                WITH gone AS (DELETE FROM chat_presence WHERE instance_id = \(self.instanceID) RETURNING conversation_id, user_id)
                UPDATE chat_presence_online s SET left_at = clock_timestamp() FROM gone
                WHERE s.conversation_id = gone.conversation_id AND s.user_id = gone.user_id
                """, logger: self.logger)
            try await connection.query("DELETE FROM chat_instances WHERE id = \(self.instanceID)", logger: self.logger)
        }
    }
}

/// The notification stream ended: the connection is gone.
struct ListenerEnded: Error, CustomStringConvertible {
    var description: String { "the listening connection closed" }
}
