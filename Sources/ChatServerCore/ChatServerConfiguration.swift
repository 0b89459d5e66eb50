import Foundation
import Logging

/// Everything `ChatServer` needs: where to listen, where to store, the secret, limits and timers.
public struct ChatServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `ChatServer.start()` returns the bound one.
    public var port: Int
    /// A SQLite file (created with its directory if missing) for one instance, or a PostgreSQL
    /// database shared by any number of instances.
    public var database: DatabaseLocation
    /// Connection limits and timeouts of the PostgreSQL cluster mode.
    public var cluster: ClusterSettings
    /// The HS256 secret, at least 32 bytes.
    public var secret: String
    public var limits: ServerLimits
    /// The `rooms` dialect at `/ws/chat/{user_id}` and its admin API under `/ws`.
    public var rooms: RoomsSettings
    /// Simulated customers and seed conversations; nil runs without them.
    public var demo: DemoSettings?
    /// Fsync every commit (SQLite `synchronous = FULL`) so acknowledged messages also survive
    /// a power loss, at about 2 ms per message here. Off, commits are durable against the
    /// server process dying (WAL with `synchronous = NORMAL`). PostgreSQL follows its own
    /// `synchronous_commit` setting.
    public var fsyncEachCommit: Bool
    /// Return the stored message for a repeated `metadata.client_message_id` (our extension).
    /// Off, the server stores it again, as the seed servers do: for testing clients.
    public var deduplicatesClientIDs: Bool
    public var logger: Logger

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation, cluster: ClusterSettings = .init(),
        secret: String, limits: ServerLimits = .init(), rooms: RoomsSettings = .init(), demo: DemoSettings? = nil,
        fsyncEachCommit: Bool = false, deduplicatesClientIDs: Bool = true, logger: Logger = Logger(label: "chat-server")
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.cluster = cluster
        self.secret = secret
        self.limits = limits
        self.rooms = rooms
        self.demo = demo
        self.fsyncEachCommit = fsyncEachCommit
        self.deduplicatesClientIDs = deduplicatesClientIDs
        self.logger = logger
    }
}

extension ChatServerConfiguration {
    /// A single instance on a SQLite file.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String, secret: String,
        limits: ServerLimits = .init(), rooms: RoomsSettings = .init(), demo: DemoSettings? = nil, fsyncEachCommit: Bool = false,
        deduplicatesClientIDs: Bool = true, logger: Logger = Logger(label: "chat-server")
    ) {
        self.init(
            host: host, port: port, database: .sqlite(path: databasePath), secret: secret, limits: limits, rooms: rooms,
            demo: demo, fsyncEachCommit: fsyncEachCommit, deduplicatesClientIDs: deduplicatesClientIDs, logger: logger)
    }
}

/// How an instance uses a shared PostgreSQL database.
public struct ClusterSettings: Sendable, Equatable {
    /// Longest wait for a database connection or query; past it a request fails with 503
    /// (or an `error` frame) and nothing it was told about was stored.
    public var databaseTimeout: Duration = .seconds(5)
    /// Connections in this instance's pool (PostgreSQL's `max_connections` must cover every
    /// instance's pool plus one listening connection each).
    public var maximumConnections = 20
    /// How often the listening connection proves it is alive.
    public var listenerHeartbeat: Duration = .seconds(5)

    public init() {}
}

/// Timers and limits of the `conversations` dialect (defaults are the seed's).
public struct ServerLimits: Sendable, Equatable {
    /// Interval of the server's JSON `ping` frames.
    public var pingInterval: Duration = .seconds(30)
    /// `user_stopped_typing` is sent this long after a user's last `typing_start`.
    public var typingTimeout: Duration = .seconds(3)
    /// `presence_update offline` is sent this long after a user's last socket closes.
    public var presenceTimeout: Duration = .seconds(30)
    /// Messages per user per `rateWindow` (WebSocket and REST together).
    public var messagesPerWindow = 100
    /// `typing_start` and `typing_stop` events per user per `rateWindow`.
    public var typingEventsPerWindow = 10
    public var rateWindow: Duration = .seconds(60)
    /// Text frames larger than this many bytes are answered with an `error` frame.
    public var maxFrameBytes = 10_240
    /// Longest accepted message `content`, in characters.
    public var maxContentLength = 5_000

    public init() {}
}

/// Pace of the simulated customers run by `serve --demo`.
public struct DemoSettings: Sendable, Equatable {
    /// Mean pause between two actions of the simulated customers.
    public var interval: Duration

    public init(interval: Duration = .seconds(6)) {
        self.interval = interval
    }
}
