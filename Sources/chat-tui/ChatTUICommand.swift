import ArgumentParser
import ChatClientKit
import ChatTUI
import Foundation
import Logging

/// `chat-tui`: the support agent's terminal client.
@main
struct ChatTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-tui",
        abstract: "The support agent's terminal chat client.",
        discussion: """
            Server, dialect, token and CA come from flags, then CHAT_SERVER, CHAT_DIALECT, CHAT_TOKEN, \
            CHAT_TOKEN_FILE, CHAT_CA_FILE, then the shared config file ($XDG_CONFIG_HOME/chat/config.toml), \
            like chatctl. Its [tui] section may set bell = false, mouse = false and color = "never". \
            NO_COLOR turns colors off. Logs go to $XDG_STATE_HOME/chat/chat-tui.log. \
            Press ? in the app for every key; docs/chat-tui.md has the details.
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
        let configPath = paths.configFile
        let config: ConfigFile
        let knobs: TestingKnobs
        do {
            config = try ConfigFile.load(path: configPath)
            knobs = try TestingKnobs(environment: environment)
        } catch {
            throw fail(error.description)
        }
        let logFile: LogFile
        do {
            logFile = try LogFile(path: paths.logFile("chat-tui"))
        } catch {
            throw fail("cannot open the log file \(paths.logFile("chat-tui")): \(error.localizedDescription)")
        }
        logFile.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "chat-tui")
        UTF8Locale.activate()

        let demoServer: DemoServer?
        let settings: ClientSettings
        if demo {
            do {
                demoServer = try await DemoServer.start(logger: Logger(label: "chat-server"))
            } catch {
                throw fail("cannot start the demo server: \(error)")
            }
            settings = demoServer!.settings
        } else {
            demoServer = nil
            do {
                settings = try ClientSettings.resolve(
                    flags: .init(server: server, dialect: dialect, tokenFile: tokenFile, caFile: caFile),
                    environment: environment, config: config, configPath: configPath)
            } catch {
                throw fail(error.description)
            }
        }
        logFile.redact(settings.token.value)
        logger.info("starting", metadata: ["server": "\(settings.server)", "demo": "\(demo)", "locale": "\(UTF8Locale.codeset)"])

        let client: ChatClient
        do {
            client = try ChatClient(
                settings: settings, policy: knobs.policy, limits: knobs.limits, outboxPath: demoServer?.outboxPath,
                logger: logger)
        } catch {
            await demoServer?.stop()
            throw fail(error.description)
        }
        let queue = EventQueue()
        let sessions = SessionRegistry(client: client, queue: queue, logger: logger)
        let runner = EffectRunner(client: client, queue: queue, sessions: sessions, logger: logger)
        let options = AppLoop.Options(
            settings: AppSettings(bell: !noBell && config.bool("tui.bell") != false, refreshInterval: knobs.refreshInterval),
            colors: useColors(config: config, environment: environment),
            mouse: !noMouse && config.bool("tui.mouse") != false)
        let signals = SignalWatcher { queue.post(.terminate) }
        let leftInOutbox = await withCheckedContinuation { continuation in
            let thread = Thread {
                let loop = AppLoop(options: options, runner: runner, queue: queue, client: client, logFile: logFile)
                continuation.resume(returning: loop.run())
            }
            thread.name = "chat-tui ui"
            thread.start()
        }
        signals.cancel()
        logger.info("quitting", metadata: ["outbox": "\(leftInOutbox)"])
        await sessions.shutdown()
        await client.shutdown()
        await demoServer?.stop()
        if leftInOutbox > 0 && demoServer == nil {
            let noun = leftInOutbox == 1 ? "message waits" : "messages wait"
            print("chat-tui: \(leftInOutbox) \(noun) in the outbox; they are sent the next time chat-tui connects.")
        }
    }

    private func useColors(config: ConfigFile, environment: [String: String]) -> Bool {
        let mode = color ?? config.string("tui.color").flatMap(ColorMode.init(rawValue:)) ?? .auto
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
