/// Which store a spawned `chat-server` uses.
public enum ServerStore: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A SQLite file in the server's temporary folder.
    case sqlite
    /// A fresh database on the shared throwaway PostgreSQL cluster (`PostgresCluster.shared()`).
    case postgres

    public var description: String { rawValue }
}

/// Limits, timers and behaviour of a spawned `chat-server` (seconds and per-minute counts).
public struct ServerOptions: Sendable {
    public var store: ServerStore = .sqlite
    public var pingInterval: Double = 30
    public var typingTimeout: Double = 3
    public var presenceTimeout: Double = 30
    public var messageRate = 100
    public var typingRate = 10
    public var demo = false
    /// Mean seconds between two actions of the demo customers.
    public var demoInterval: Double = 6
    /// False runs the server like the seed servers, which store a repeated client id again.
    public var deduplicates = true
    /// Rooms sockets without a token are accepted.
    public var roomsAnonymous = false
    /// Every rooms `join_room` is refused (rooms are joined only through assignment).
    public var roomsRejectJoin = false
    /// Seconds without a heartbeat before a rooms agent is away.
    public var roomsHeartbeatTimeout: Double = 60
    /// Rooms messages per user per minute.
    public var roomsMessageRate = 60
    /// Whether the rooms bot answers customers.
    public var roomsBot = true
    /// More `serve` arguments, passed last.
    public var extraArguments: [String] = []

    public init() {}

    /// Default options on `store`.
    public init(store: ServerStore) {
        self.store = store
    }

    var arguments: [String] {
        var arguments = [
            "--ping-interval", "\(pingInterval)", "--typing-timeout", "\(typingTimeout)",
            "--presence-timeout", "\(presenceTimeout)", "--message-rate", "\(messageRate)",
            "--typing-rate", "\(typingRate)", "--rooms-heartbeat-timeout", "\(roomsHeartbeatTimeout)",
            "--rooms-message-rate", "\(roomsMessageRate)", "--rooms-bot", roomsBot ? "on" : "off",
        ]
        if demo {
            arguments += ["--demo", "--demo-interval", "\(demoInterval)"]
        }
        if !deduplicates { arguments.append("--no-dedupe") }
        if roomsAnonymous { arguments.append("--rooms-anonymous") }
        if roomsRejectJoin { arguments.append("--rooms-reject-join") }
        if store == .postgres { arguments += ["--db-pool-size", "4"] }
        return arguments + extraArguments
    }
}
