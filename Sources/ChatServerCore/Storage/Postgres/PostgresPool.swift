import Foundation
import Logging
import PostgresNIO
import Synchronization

/// postgres-nio's `PostgresClient` (a connection pool) with the rules every query of the
/// server follows: a deadline, connection failures surfaced as `StoreError.unavailable`, and
/// transactions whose own errors come out unwrapped.
final class PostgresPool: Sendable {
    let client: PostgresClient
    let url: PostgresURL
    /// Longest wait for a connection and for each query before `StoreError.unavailable`.
    let timeout: Duration
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Starts the pool; nothing connects until the first query.
    init(url: PostgresURL, timeout: Duration, maximumConnections: Int, logger: Logger) {
        self.url = url
        self.timeout = timeout
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = timeout
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(15))
        configuration.options.additionalStartupParameters = Self.sessionSettings(timeout: timeout)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Statements may not run past the deadline, and a transaction left open by a vanished
    /// client cannot hold its locks for long.
    static func sessionSettings(timeout: Duration) -> [(String, String)] {
        let milliseconds = max(1, Int(timeout.seconds * 1000))
        return [
            ("statement_timeout", "\(milliseconds)"), ("idle_in_transaction_session_timeout", "\(milliseconds * 6)"),
            ("application_name", "chat-server"),
        ]
    }

    /// Stops the pool (open connections close).
    func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// Runs `body` on a pooled connection within the deadline.
    func withConnection<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = self.client
        return try await PostgresFailure.mapping(what, logger: logger) {
            try await Self.withinDeadline(self.timeout) {
                try await client.withConnection { connection in try await body(connection) }
            }
        }
    }

    /// Runs `body` inside `BEGIN` … `COMMIT` (rolled back when it throws) within the deadline.
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        return try await withConnection(what) { connection in
            try await connection.query("BEGIN", logger: logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
            try await connection.query("COMMIT", logger: logger)
            return value
        }
    }

    /// One statement's rows, decoded by `decode` within the deadline.
    func rows<T: Sendable>(
        _ what: String, _ query: PostgresQuery, _ decode: @escaping @Sendable (PostgresRowSequence) async throws -> T
    ) async throws -> T {
        let logger = self.logger
        return try await withConnection(what) { connection in
            try await decode(try await connection.query(query, logger: logger))
        }
    }

    /// `operation`'s result, or `StoreError.unavailable` once `timeout` passed. The operation is
    /// cancelled then; a query already on the wire finishes in the background.
    static func withinDeadline<T: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let tasks = Mutex<[Task<Void, Never>]>([])
        defer { tasks.withLock { $0 }.forEach { $0.cancel() } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.withLock { $0 = continuation }
                let finish: @Sendable (Result<T, any Error>) -> Void = { result in
                    outcome.withLock { $0.take() }?.resume(with: result)
                }
                let work = Task {
                    do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    work.cancel()
                    finish(.failure(StoreError.unavailable))
                }
                tasks.withLock { $0 = [work, timer] }
            }
        } onCancel: {
            tasks.withLock { $0 }.forEach { $0.cancel() }
        }
    }
}
