import ArgumentParser
import ChatServerCore
import Foundation
import Logging

/// `chat-server serve`: runs the server until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: ArgumentHelp(
        "SQLite database file, or postgres://user[:password]@host[:port]/database to run as one of several instances "
            + "sharing it (default: $CHAT_SERVER_DB, else $XDG_STATE_HOME/chat-server/chat.sqlite). Without a password in "
            + "the URL, $PGPASSWORD is used.",
        valueName: "path-or-url"))
    var db: String?

    @Option(help: "PostgreSQL: seconds to wait for a connection or a query before answering 503.")
    var dbTimeout = 5.0

    @Option(help: "PostgreSQL: connections in this instance's pool.")
    var dbPoolSize = 20

    @OptionGroup var secret: SecretOptions

    @Flag(help: "Seed demo conversations and run simulated customers.")
    var demo = false

    @Option(help: "Mean seconds between two actions of the demo customers.")
    var demoInterval = 6.0

    @Option(help: "Seconds between the server's JSON ping frames.")
    var pingInterval = 30.0

    @Option(help: "Seconds after a typing_start before the server sends user_stopped_typing.")
    var typingTimeout = 3.0

    @Option(help: "Seconds after a user's last socket closes before presence goes offline.")
    var presenceTimeout = 30.0

    @Option(help: "Messages per user per minute (WebSocket and REST).")
    var messageRate = 100

    @Option(help: "Typing events per user per minute.")
    var typingRate = 10

    @Option(help: "Largest accepted WebSocket text frame, in bytes.")
    var maxFrameBytes = 10_240

    @Option(help: "Longest accepted message content, in characters.")
    var maxContentLength = 5_000

    @Flag(help: "Accept /ws/chat sockets without a token (a token that is given is still verified).")
    var roomsAnonymous = false

    @Flag(help: ArgumentHelp(
        "Answer every rooms join_room with 'Invalid message format', like the observed deployment: "
            + "rooms are then joined only through assignment."))
    var roomsRejectJoin = false

    @Option(help: "Seconds without a heartbeat after which a rooms agent is away (not assignable).")
    var roomsHeartbeatTimeout = 60.0

    @Option(help: "Rooms messages per user per minute (/ws/chat).")
    var roomsMessageRate = 60

    @Option(help: "The rooms bot that answers customers in rooms without an agent: on or off.")
    var roomsBot: Switch = .on

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Flag(help: "Fsync every commit: acknowledged messages also survive a power loss (about 2 ms per message).")
    var fsyncEachCommit = false

    @Flag(
        name: .customLong("no-dedupe"),
        help: "Store a repeated metadata.client_message_id again, as the seed servers do (for testing clients).")
    var noDedupe = false

    @Flag(
        name: .customLong("exit-on-stdin-eof"),
        help: "Shut down when standard input reaches end of file (lets a parent process tie the server's life to its own).")
    var exitOnStdinEOF = false

    func validate() throws {
        for (name, value) in [
            ("--ping-interval", pingInterval), ("--typing-timeout", typingTimeout),
            ("--presence-timeout", presenceTimeout), ("--demo-interval", demoInterval),
            ("--rooms-heartbeat-timeout", roomsHeartbeatTimeout), ("--db-timeout", dbTimeout),
        ] where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        guard messageRate > 0, typingRate > 0, roomsMessageRate > 0 else { throw ValidationError("rates must be positive") }
        guard dbPoolSize > 0 else { throw ValidationError("--db-pool-size must be positive") }
        guard maxFrameBytes > 0, maxContentLength > 0 else { throw ValidationError("size limits must be positive") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let secret = try secret.resolve()
        var limits = ServerLimits()
        limits.pingInterval = .seconds(pingInterval)
        limits.typingTimeout = .seconds(typingTimeout)
        limits.presenceTimeout = .seconds(presenceTimeout)
        limits.messagesPerWindow = messageRate
        limits.typingEventsPerWindow = typingRate
        limits.maxFrameBytes = maxFrameBytes
        limits.maxContentLength = maxContentLength
        var rooms = RoomsSettings()
        rooms.allowsAnonymous = roomsAnonymous
        rooms.rejectsJoin = roomsRejectJoin
        rooms.heartbeatTimeout = .seconds(roomsHeartbeatTimeout)
        rooms.messagesPerMinute = roomsMessageRate
        rooms.botEnabled = roomsBot == .on
        let database = try databaseLocation()
        var cluster = ClusterSettings()
        cluster.databaseTimeout = .seconds(dbTimeout)
        cluster.maximumConnections = dbPoolSize
        let configuration = ChatServerConfiguration(
            host: host, port: port, database: database, cluster: cluster,
            secret: secret.value, limits: limits, rooms: rooms,
            demo: demo ? DemoSettings(interval: .seconds(demoInterval)) : nil,
            fsyncEachCommit: fsyncEachCommit, deduplicatesClientIDs: !noDedupe, logger: Logger(label: "chat-server"))
        let server: ChatServer
        do {
            server = try await ChatServer(configuration: configuration)
        } catch {
            throw CommandFailure("cannot open database \(database): \(error)")
        }
        let boundPort: Int
        do {
            boundPort = try await server.start(handlingSignals: true)
        } catch {
            throw CommandFailure("cannot listen on \(host):\(port): \(error)")
        }
        // Written unbuffered: tests and scripts wait for this exact line.
        FileHandle.standardOutput.write(Data("chat-server listening on http://\(host):\(boundPort)\n".utf8))
        if exitOnStdinEOF {
            StdinWatcher.onEOF { Task { await server.stop() } }
        }
        try await server.waitUntilStopped()
    }
}

extension Serve {
    /// `--db`, else `CHAT_SERVER_DB`, else the SQLite file in the state directory; a PostgreSQL
    /// URL without a password takes `PGPASSWORD`.
    func databaseLocation() throws -> DatabaseLocation {
        let environment = ProcessInfo.processInfo.environment
        let text = db ?? environment["CHAT_SERVER_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ServerSecret.stateDirectory() + "/chat.sqlite"
        do {
            switch try DatabaseLocation.parse(text) {
            case .postgres(var url):
                if url.password == nil { url.password = environment["PGPASSWORD"] }
                return .postgres(url)
            case let location:
                return location
            }
        } catch {
            throw ValidationError("--db: \(error)")
        }
    }
}

/// An on/off option value (`--rooms-bot on`).
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
