import Logging
import NIOCore
import PostgresNIO

/// Sorts PostgreSQL failures: the database being unreachable, restarting or overloaded is
/// `StoreError.unavailable` (try again); anything else is a bug and stays an error. Logged
/// text carries the SQLSTATE and the server's message, never query parameters or the password.
enum PostgresFailure {
    /// SQLSTATE classes that mean "not now": connection exceptions, insufficient resources,
    /// operator intervention (shutdown, restart, statement timeout), and transaction rollbacks
    /// (serialization failures, deadlocks).
    static let transientClasses: Set<Substring> = ["08", "53", "57", "40"]

    /// Whether `error` means the database cannot serve now.
    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case StoreError.unavailable, is ChannelError, is IOError, is NIOConnectionError:
            return true
        case let error as PSQLError:
            if error.code == .server {
                return error.serverInfo?[.sqlState].map { transientClasses.contains($0.prefix(2)) } ?? false
            }
            return [.connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed,
                    .queryCancelled].contains(error.code)
        default:
            // The pool's own error type (its circuit breaker) lives in a module this target does not import.
            return "\(type(of: error))" == "ConnectionPoolError"
        }
    }

    /// A one-line description for logs.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                return "PostgreSQL \(info[.sqlState] ?? "?"): \(info[.message] ?? "no message")"
            }
            return "PostgreSQL client error \(error.code)"
        }
        return "\(error)"
    }

    /// Runs `body`, turning transient failures into `StoreError.unavailable` (logged once here).
    static func mapping<T>(_ what: String, logger: Logger, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            if error == .unavailable {
                logger.warning("database unavailable", metadata: ["operation": "\(what)"])
            }
            throw error
        } catch {
            if isTransient(error) {
                logger.warning("database unavailable", metadata: ["operation": "\(what)", "error": "\(describe(error))"])
                throw StoreError.unavailable
            }
            logger.error("database error", metadata: ["operation": "\(what)", "error": "\(describe(error))"])
            throw error
        }
    }
}
