import Foundation
import Logging
import PostgresNIO

/// A throwaway PostgreSQL cluster: `initdb` and `pg_ctl` into a fresh temporary folder,
/// listening on 127.0.0.1 and a reserved free port, run as the unprivileged `postgres` user
/// when this process is root (PostgreSQL refuses to run as root).
///
/// A small shell supervisor owns the cluster and reads commands on its standard input; when
/// this object goes away, or this process dies, its input ends and it stops the cluster
/// (immediate mode) and deletes the folder. Tests share one cluster (`shared()`) and give
/// each server its own database (`createDatabase()`).
public final class PostgresCluster: Sendable {
    public let port: Int
    /// The temporary folder: `data/`, the socket and `server.log`.
    public let directory: String
    private let supervisor: ChildProcess
    private let reservation: ReservedPort
    private let commands = Locked(0)

    public var logPath: String { directory + "/server.log" }

    /// Settings for tests: durable against a server crash (not a power loss), many connections.
    public static let testSettings: [String: String] = [
        "fsync": "off", "max_connections": "400", "shared_buffers": "64MB", "log_min_messages": "warning",
    ]

    private init(port: Int, directory: String, supervisor: ChildProcess, reservation: ReservedPort) {
        self.port = port
        self.directory = directory
        self.supervisor = supervisor
        self.reservation = reservation
    }

    deinit {
        // Ending its input makes the supervisor stop the cluster and delete the folder.
        supervisor.closeInput()
    }

    /// Creates and starts a cluster with `settings` (postgresql.conf names and values).
    public static func start(settings: [String: String] = testSettings) async throws -> PostgresCluster {
        let binaries = try PostgresBinaries.locate()
        let reservation = try ReservedPort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let options = (["-p \(reservation.port)", "-k \(directory)", "-c listen_addresses=127.0.0.1"]
            + settings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }).joined(separator: " ")
        let supervisor = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", supervisorScript, "supervisor", binaries.directory, directory, options],
            environment: ProcessInfo.processInfo.environment, stderrPath: directory + "/supervisor.log", killsOnDeinit: false)
        let cluster = PostgresCluster(port: reservation.port, directory: directory, supervisor: supervisor, reservation: reservation)
        try await cluster.command("init", timeout: .seconds(120))
        try await cluster.command("start", timeout: .seconds(60))
        return cluster
    }

    private static let sharedCluster = Locked<Task<PostgresCluster, any Error>?>(nil)

    /// One cluster for the whole process, started on first use.
    public static func shared() async throws -> PostgresCluster {
        let task = sharedCluster.withLock { task in
            if let task { return task }
            let started = Task { try await PostgresCluster.start() }
            task = started
            return started
        }
        return try await task.value
    }

    /// `postgres://postgres@127.0.0.1:PORT/database`
    public func url(database: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// A new empty database; returns its URL.
    public func createDatabase() async throws -> String {
        let name = "chat_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await execute("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// Runs one statement (no parameters) as the `postgres` superuser.
    public func execute(_ sql: String, database: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "postgres", password: nil, database: database, tls: .disable)
        let logger = Logger(label: "postgres-cluster", factory: { _ in SwiftLogNoOpLogHandler() })
        try await withDeadline(.seconds(60), waitingFor: "PostgreSQL to run \(sql.prefix(40))") {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            do {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        }
    }

    /// Stops the cluster (`pg_ctl stop -m fast`: sessions are ended, committed data stays).
    public func stop() async throws {
        try await command("stop", timeout: .seconds(60))
    }

    /// Starts the stopped cluster again on the same port.
    public func restart() async throws {
        try await command("start", timeout: .seconds(60))
    }

    /// Sends a supervisor command and waits for its `ok`.
    private func command(_ name: String, timeout: Duration) async throws {
        try commands.withLock { _ in try supervisor.send(line: name) }
        guard let reply = try await supervisor.lines.next(timeout: timeout, waitingFor: "PostgreSQL to \(name)") else {
            throw PostgresClusterError.failed(step: name, log: logPath, tail: ServerProcessError.tail(of: directory + "/supervisor.log"))
        }
        guard reply == "ok" else {
            throw PostgresClusterError.failed(step: name, log: logPath, tail: ServerProcessError.tail(of: logPath))
        }
    }

    /// `$1` bin folder, `$2` cluster folder, `$3` postgres options. Commands on stdin: `init`,
    /// `start`, `stop`; each answers `ok` or `failed`. End of input: stop at once, delete the folder.
    private static let supervisorScript = #"""
        bin=$1; dir=$2; options=$3
        as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
        if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
        while IFS= read -r command; do
          case "$command" in
            init) as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
                    >>"$dir/supervisor.log" 2>&1 && echo ok || echo failed ;;
            start) as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start \
                    >>"$dir/supervisor.log" 2>&1 && echo ok || echo failed ;;
            stop) as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >>"$dir/supervisor.log" 2>&1 \
                    && echo ok || echo failed ;;
            *) echo failed ;;
          esac
        done
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
        rm -rf "$dir"
        """#
}

/// Where PostgreSQL's server programs are: Debian's `/usr/lib/postgresql/<version>/bin`, else `PATH`.
enum PostgresBinaries {
    struct Location {
        let directory: String
    }

    static func locate() throws -> Location {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return Location(directory: "\(root)/\(version)/bin")
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb")
            && FileManager.default.isExecutableFile(atPath: "\(directory)/pg_ctl")
        {
            return Location(directory: String(directory))
        }
        throw PostgresClusterError.notInstalled
    }
}

/// Why a throwaway PostgreSQL cluster could not run.
public enum PostgresClusterError: Error, CustomStringConvertible {
    case notInstalled
    case failed(step: String, log: String, tail: String)

    public var description: String {
        switch self {
        case .notInstalled:
            "PostgreSQL's initdb was found neither in /usr/lib/postgresql/*/bin nor on PATH: install it with 'apt-get install postgresql'"
        case .failed(let step, let log, let tail):
            "PostgreSQL \(step) failed; see \(log):\n\(tail)"
        }
    }
}
