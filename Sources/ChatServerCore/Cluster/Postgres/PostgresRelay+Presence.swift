import ChatModel
import Foundation
import PostgresNIO

extension PostgresRelay {
    /// User ids longer than this stay out of the cluster's presence (a NOTIFY could not carry them).
    static let maxClusterUserIDBytes = 1_024

    /// Writes this instance's presence changes while the listener is connected (after a
    /// reconnect the listener has every present user written again).
    func writePresence() async {
        for await _ in presenceWakeups {
            guard isLive else { continue }
            var changes = ledger.withLock { $0.take() }
            while let change = changes.first {
                do {
                    try await write(change)
                    changes.removeFirst()
                } catch {
                    ledger.withLock { $0.retry(changes) }
                    break
                }
            }
        }
    }

    private func write(_ change: PresenceLedger.Change) async throws {
        let conversation = change.key.conversationID.rawValue
        let user = change.key.userID
        guard user.utf8.count <= Self.maxClusterUserIDBytes else { return }
        let instance = instanceID
        let logger = self.logger
        let online = ClusterEvent.online(conversationID: change.key.conversationID, userID: user, instance: instance).encode()
        try await pool.transaction("presence") { connection in
            if change.present {
                try await connection.query(
                    """
                    INSERT INTO chat_presence (conversation_id, user_id, instance_id) VALUES (\(conversation), \(user), \(instance))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                var inserted = false
                for try await fresh in try await connection.query(
                    """
                    INSERT INTO chat_presence_online (conversation_id, user_id, left_at) VALUES (\(conversation), \(user), NULL)
                    ON CONFLICT (conversation_id, user_id) DO UPDATE SET left_at = NULL
                    RETURNING (xmax = 0)
                    """, logger: logger
                ).decode(Bool.self) {
                    inserted = fresh
                }
                if let online, change.announce || inserted {
                    try await connection.query("SELECT pg_notify(\(PostgresSchema.channel), \(online))", logger: logger)
                }
            } else {
                try await connection.query(
                    """
                    DELETE FROM chat_presence
                    WHERE conversation_id = \(conversation) AND user_id = \(user) AND instance_id = \(instance)
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE chat_presence_online SET left_at = clock_timestamp()
                    WHERE conversation_id = \(conversation) AND user_id = \(user)
                    """, logger: logger)
            }
        }
    }

    /// Every `sweepInterval`: hands the users of instances that are gone (their advisory lock
    /// is free) to the offline timer, then announces `offline` for every user whose last socket
    /// anywhere closed a presence timeout ago. Row locks make each announcement happen once,
    /// whichever instance sweeps first.
    func sweep() async {
        let interval = min(.seconds(1), max(presenceTimeout / 4, .milliseconds(50)))
        let timeout = presenceTimeout.seconds
        let logger = self.logger
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            cursors.withLock { $0.prune(isWatched: delivery.watches) }
            _ = try? await pool.withConnection("presence sweep") { connection in
                try await connection.query(
                    """
                    WITH dead AS (DELETE FROM chat_instances WHERE pg_try_advisory_xact_lock(lock_key) RETURNING id),
                    gone AS (
                        DELETE FROM chat_presence p
                        WHERE p.instance_id IN (SELECT id FROM dead)
                           OR NOT EXISTS (SELECT 1 FROM chat_instances i WHERE i.id = p.instance_id)
                        RETURNING p.conversation_id, p.user_id)
                    UPDATE chat_presence_online s SET left_at = clock_timestamp() FROM gone
                    WHERE s.conversation_id = gone.conversation_id AND s.user_id = gone.user_id
                    """, logger: logger)
                try await connection.query(
                    """
                    WITH due AS (
                        DELETE FROM chat_presence_online s
                        WHERE s.left_at IS NOT NULL AND s.left_at <= clock_timestamp() - make_interval(secs => \(timeout))
                          AND NOT EXISTS (SELECT 1 FROM chat_presence p
                                          WHERE p.conversation_id = s.conversation_id AND p.user_id = s.user_id)
                        RETURNING s.conversation_id, s.user_id)
                    SELECT pg_notify(\(PostgresSchema.channel),
                        json_build_object('type', 'offline', 'conversation', conversation_id, 'user', user_id)::text)
                    FROM due
                    """, logger: logger)
            }
        }
    }
}
