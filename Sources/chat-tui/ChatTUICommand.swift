import ArgumentParser
import ChatClientKit
import ChatTUI
import Foundation
import Logging
import Synchronization

/// `chat-tui`: the support agent's terminal client.
@main
struct ChatTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-tui",
        abstract: "The support agent's terminal chat client.",
        discussion: """
            Server, dialect, token, user, role and CA come from flags, then CHAT_SERVER, CHAT_DIALECT, \
            CHAT_TOKEN, CHAT_TOKEN_FILE, CHAT_USER, CHAT_ROLE, CHAT_CA_FILE, then the shared config file \
            ($XDG_CONFIG_HOME/chat/config.toml), like chatctl. Dialects: conversations (default), rooms \
            (--demo --dialect rooms shows it) and socketio. Its [tui] section may set bell = false, mouse = false and color = "never". \
            NO_COLOR turns colors off. Logs go to $XDG_STATE_HOME/chat/chat-tui.log. \
            Press ? in the app for every key; the README has the details.
            """)

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: ArgumentHelp("The server's URL (default: $CHAT_SERVER, then 'server' in the config file).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The server's wire dialect (default: $CHAT_DIALECT, then the config file, then 'conversations').", valueName: "name"))
    var dialect: String?

    @Option(
        help: ArgumentHelp(
            "Read the token from this file, which must be private (chmod 600). Without it: $CHAT_TOKEN, $CHAT_TOKEN_FILE, then 'token_file' in the config file.",
            valueName: "path"),
        completion: .file())
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "The user id a per-user socket names (rooms; default: $CHAT_USER, then 'user' in the config file, then the token's sub).",
            valueName: "id"))
    var user: String?

    @Option(
        help: ArgumentHelp(
            "The role a rooms socket asks for: cliente, atendente or supervisor (default: $CHAT_ROLE, then 'role', then atendente).",
            valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("Also trust the CA certificates in this PEM file (default: $CHAT_CA_FILE, then 'ca_file').", valueName: "path"), completion: .file())
    var caFile: String?

    @Flag(help: "Start the reference server in-process with demo conversations and simulated customers, and connect to it.")
    var demo = false

    @Flag(help: "Do not ring the terminal bell when a customer writes in a conversation that is not on screen.")
    var noBell = false

    @Flag(help: "Leave the mouse to the terminal (no wheel scrolling or clicks).")
    var noMouse = false

    @Option(help: ArgumentHelp("Use colors: auto (unless NO_COLOR is set), always, or never.", valueName: "when"))
    var color: ColorMode?

    @Option(help: ArgumentHelp("Log level of the log file: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = ChatPaths(environment: environment)
        let config: ConfigFile
        let knobs: TestingKnobs
        let colors: Bool
        let logFile: LogFile
        do {
            config = try ConfigFile.load(path: paths.configFile)
            knobs = try TestingKnobs(environment: environment)
            colors = try useColors(config: config, environment: environment)
            logFile = try LogFile(path: paths.logFile("chat-tui"))
        } catch {
            throw fail("\(error)")
        }
        logFile.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "chat-tui")
        UTF8Locale.activate()

        let (settings, demoServer) = try await connection(config: config, paths: paths, environment: environment)
        if let token = settings.token { logFile.redact(token.value) }
        logger.info("starting", metadata: ["server": "\(settings.server)", "demo": "\(demo)", "locale": "\(UTF8Locale.codeset)"])
        let client: ChatClient
        do {
            client = try ChatClient(
                settings: settings, policy: knobs.policy, limits: knobs.limits, outboxPath: demoServer?.outboxPath,
                logger: logger, historyPath: demoServer?.historyPath)
        } catch {
            await demoServer?.stop()
            throw fail(error.description)
        }
        let queue = EventQueue()
        let sessions = SessionRegistry(client: client, queue: queue, logger: logger)
        let capabilities = settings.dialect.capabilities
        let options = AppLoop.Options(
            settings: AppSettings(
                bell: !noBell && config.bool("tui.bell") != false,
                refreshInterval: capabilities.listsConversations ? knobs.refreshInterval : .infinity,
                listPageSize: capabilities.listLimit ?? AppSettings.defaultListPageSize,
                outboxOutlivesRun: demoServer == nil, historyIsLocal: settings.dialect.shape.catchUp == .none,
                capabilities: capabilities),
            colors: colors, mouse: !noMouse && config.bool("tui.mouse") != false)
        let loop = AppLoop(
            options: options, runner: EffectRunner(client: client, queue: queue, sessions: sessions, logger: logger),
            queue: queue, client: client, logFile: logFile)
        let signals = SignalWatcher { queue.post(.terminate) }
        let userEvents = Task {
            for await event in client.events { queue.post(.user(event)) }
        }
        await client.connect()
        let leftInOutbox: Int
        do {
            leftInOutbox = try await loop.runOnItsOwnThread()
        } catch {
            signals.cancel()
            await client.shutdown()
            await demoServer?.stop()
            throw fail(error.description)
        }
        signals.cancel()
        userEvents.cancel()
        logger.info("quitting", metadata: ["outbox": "\(leftInOutbox)"])
        // The outbox is on disk, so a connection that will not close cannot cost a message:
        // give the goodbyes a few seconds, then leave anyway.
        let finished = await Self.within(seconds: 5) {
            await sessions.shutdown()
            logger.info("sessions closed")
            await client.shutdown()
            logger.info("http client closed")
            await demoServer?.stop()
        }
        if !finished { logger.warning("shutdown timed out; exiting anyway") }
        logger.info("exiting")
        if leftInOutbox > 0 && demoServer == nil {
            let noun = leftInOutbox == 1 ? "message waits" : "messages wait"
            print("chat-tui: \(leftInOutbox) \(noun) in the outbox; they are sent the next time chat-tui connects.")
        }
    }

    /// The server to talk to: the in-process demo server, or the one the flags, environment
    /// and config file name.
    private func connection(
        config: ConfigFile, paths: ChatPaths, environment: [String: String]
    ) async throws -> (ClientSettings, DemoServer?) {
        guard demo else {
            do {
                let settings = try ClientSettings.resolve(
                    flags: .init(server: server, dialect: dialect, tokenFile: tokenFile, user: user, role: role, caFile: caFile),
                    environment: environment, config: config, configPath: paths.configFile)
                return (settings, nil)
            } catch {
                throw fail(error.description)
            }
        }
        do {
            let demoDialect = try Dialects.named(dialect ?? environment["CHAT_DIALECT"] ?? ConversationsDialect().name)
            guard DemoServer.dialects.contains(demoDialect.name) else {
                throw ChatError.usage("the demo server speaks \(DemoServer.dialects.joined(separator: " and ")), not "
                    + "\(demoDialect.name); for a socketio server run Tests/SocketIOFixture/server.py (see the README)")
            }
            let demoServer = try await DemoServer.start(dialect: demoDialect, logger: Logger(label: "chat-server"))
            return (demoServer.settings, demoServer)
        } catch {
            throw fail("cannot start the demo server: \(error)")
        }
    }

    /// Runs `work`; false if it had not finished after `seconds` (it is then left behind,
    /// to end with the process).
    private static func within(seconds: Double, _ work: @escaping @Sendable () async -> Void) async -> Bool {
        let waiter = Waiter()
        return await withCheckedContinuation { continuation in
            waiter.set(continuation)
            Task {
                await work()
                waiter.resume(true)
            }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                waiter.resume(false)
            }
        }
    }

    /// A continuation resumed by whichever of two tasks comes first.
    private final class Waiter: Sendable {
        private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

        func set(_ value: CheckedContinuation<Bool, Never>) {
            continuation.withLock { $0 = value }
        }

        func resume(_ value: Bool) {
            continuation.withLock { slot in
                defer { slot = nil }
                return slot
            }?.resume(returning: value)
        }
    }

    private func useColors(config: ConfigFile, environment: [String: String]) throws(ChatError) -> Bool {
        var mode = color ?? .auto
        if color == nil, let text = config.string("tui.color") {
            guard let configured = ColorMode(rawValue: text) else {
                throw .usage("color = \"\(text)\" in the [tui] section must be auto, always or never")
            }
            mode = configured
        }
        switch mode {
        case .always: return true
        case .never: return false
        case .auto: return environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }

    /// Prints `message` on stderr and returns the exit code to throw.
    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("chat-tui: \(message)\n".utf8))
        return ExitCode(64)
    }
}
