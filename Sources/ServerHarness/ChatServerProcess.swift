import ChatServerCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `chat-server` binary run as a child process on 127.0.0.1, in a fresh temporary
/// directory (log, SQLite database), with a random secret passed through `CHAT_SERVER_SECRET`.
/// With `options.store == .postgres` its database is a fresh one on the shared throwaway
/// PostgreSQL cluster; several instances share a database (and a secret) through `startInstance`.
///
/// The server cannot outlive the test run: it is killed when this object goes away, and it
/// runs with `--exit-on-stdin-eof` while this process holds its stdin open. The temporary
/// directory is removed then too, unless `CHAT_SERVER_KEEP_TEST_DIRS=1` keeps it for a post-mortem.
public final class ChatServerProcess: Sendable {
    public let port: Int
    /// The SQLite file, or the PostgreSQL URL.
    public let databasePath: String
    /// The temporary directory holding the database and `server.log`.
    public let directory: String
    public let options: ServerOptions
    private let secret: String
    private let tokens: TokenAuthority
    private let child: Locked<ChildProcess?>
    /// Holds the port while the server is down (see `ReservedPort`), so a restart finds it
    /// free and a client meanwhile finds it refusing.
    private let reservation: ReservedPort?

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The running server's process id, if it runs.
    public var pid: Int32? { child.withLock { $0?.pid } }
    /// The server's stderr, appended across restarts.
    public var logPath: String { directory + "/server.log" }

    private init(
        port: Int, databasePath: String, directory: String, options: ServerOptions, secret: String,
        tokens: TokenAuthority, child: ChildProcess, reservation: ReservedPort?
    ) {
        self.port = port
        self.databasePath = databasePath
        self.directory = directory
        self.options = options
        self.secret = secret
        self.tokens = tokens
        self.child = Locked(child)
        self.reservation = reservation
    }

    deinit {
        child.withLock { $0 }?.signal(SIGKILL)
        if ProcessInfo.processInfo.environment["CHAT_SERVER_KEEP_TEST_DIRS"] != "1" {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Starts a server (port 0 reserves a free one for the server's lifetime) and returns
    /// once it is listening. `databasePath` is a SQLite file or a PostgreSQL URL; by default
    /// the store `options` name gets a fresh one.
    public static func start(
        _ options: ServerOptions = .init(), port: Int = 0, databasePath: String? = nil
    ) async throws -> ChatServerProcess {
        try await start(options, port: port, databasePath: databasePath, secret: ServerSecret.random())
    }

    /// Another instance of this server's cluster: the same database and secret (a token of one
    /// is good on the other), its own port, folder and options.
    public func startInstance(_ options: ServerOptions? = nil) async throws -> ChatServerProcess {
        try await Self.start(options ?? self.options, port: 0, databasePath: databasePath, secret: secret)
    }

    private static func start(
        _ options: ServerOptions, port: Int, databasePath: String?, secret: String
    ) async throws -> ChatServerProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chat-server-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let tokens = try await TokenAuthority(secret: secret)
        let databasePath = switch (databasePath, options.store) {
        case (let given?, _): given
        case (nil, .sqlite): directory + "/chat.sqlite"
        case (nil, .postgres): try await PostgresCluster.shared().createDatabase()
        }
        let reservation = port == 0 ? try ReservedPort() : nil
        let (child, boundPort) = try await launch(
            options: options, port: reservation?.port ?? port, databasePath: databasePath, directory: directory,
            secret: secret)
        return ChatServerProcess(
            port: boundPort, databasePath: databasePath, directory: directory, options: options, secret: secret,
            tokens: tokens, child: child, reservation: reservation)
    }

    /// A token signed with this server's secret.
    public func token(sub: String = "agent-1", role: String = "admin", ttl: Double = 3600) throws -> String {
        try tokens.mint(sub: sub, role: role, ttl: ttl)
    }

    /// SIGTERM, then waits for the exit (SIGKILL after 30 s).
    public func stop() async {
        await child.withLock { $0 }?.terminate(with: SIGTERM)
    }

    /// SIGKILL, then waits for the exit.
    public func kill() async {
        await child.withLock { $0 }?.terminate(with: SIGKILL)
    }

    /// Starts the server again on the same port and database (stopping it first if it still runs).
    public func restart() async throws {
        await stop()
        let (newChild, _) = try await Self.launch(
            options: options, port: port, databasePath: databasePath, directory: directory, secret: secret)
        child.withLock { $0 = newChild }
    }

    private static func launch(
        options: ServerOptions, port: Int, databasePath: String, directory: String, secret: String
    ) async throws -> (ChildProcess, Int) {
        var environment = ProcessInfo.processInfo.environment
        environment[ServerSecret.environmentVariable] = secret
        environment["XDG_STATE_HOME"] = directory
        let logPath = directory + "/server.log"
        let child = try ChildProcess(
            executable: try ServerBinary.path(),
            arguments: ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--db", databasePath, "--exit-on-stdin-eof"]
                + options.arguments,
            environment: environment, stderrPath: logPath)
        let prefix = "chat-server listening on http://127.0.0.1:"
        do {
            while let line = try await child.lines.next(timeout: .seconds(60), waitingFor: "chat-server to listen") {
                if line.hasPrefix(prefix), let bound = Int(line.dropFirst(prefix.count)) {
                    return (child, bound)
                }
            }
        } catch {
            await child.terminate(with: SIGKILL)
            print("chat-server did not start; log: \(logPath)")
            throw ServerProcessError.noListeningLine(log: logPath, tail: ServerProcessError.tail(of: logPath))
        }
        let status = (try? await child.waitForExit(timeout: .seconds(10))) ?? -1
        print("chat-server exited before listening; log: \(logPath)")
        throw ServerProcessError.exitedEarly(status: status, log: logPath, tail: ServerProcessError.tail(of: logPath))
    }
}
