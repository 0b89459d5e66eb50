import ArgumentParser
import ChatClientKit
import Foundation
import Logging

/// Where the server is and how to authenticate; shared by every command that talks to one.
struct ConnectionOptions: ParsableArguments {
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

    @Option(
        help: ArgumentHelp("Also trust the CA certificates in this PEM file (default: $CHAT_CA_FILE, then 'ca_file').", valueName: "path"),
        completion: .file())
    var caFile: String?

    @Option(help: ArgumentHelp("Retry idempotent requests this many times on network errors, 5xx and 429, with backoff.", valueName: "n"))
    var retries = 2

    @Option(help: ArgumentHelp("Seconds each request may take, its whole reply included.", valueName: "seconds"))
    var requestTimeout = 30.0

    @Flag(name: .shortAndLong, help: "Log requests, retries and connection details to stderr.")
    var verbose = false

    func validate() throws {
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be between 0 and 10") }
        guard requestTimeout > 0, requestTimeout <= 3600 else {
            throw ValidationError("--request-timeout must be more than 0 and at most 3600 seconds")
        }
    }

    /// Settings from flags, environment and the shared config file, in that order.
    func settings(environment: [String: String]) throws(ChatError) -> ClientSettings {
        let configPath = ChatPaths(environment: environment).configFile
        return try ClientSettings.resolve(
            flags: .init(server: server, dialect: dialect, tokenFile: tokenFile, user: user, role: role, caFile: caFile),
            environment: environment, config: try ConfigFile.load(path: configPath), configPath: configPath)
    }

    /// A logger printing to stderr, quiet unless `--verbose`, never showing the token.
    func logger(for settings: ClientSettings) -> Logger {
        Logger(label: "chatctl") { _ in
            ConsoleLogHandler(level: verbose ? .debug : .warning, redacting: settings.token?.value ?? "")
        }
    }

    /// Runs `body` with a REST client, if the server's dialect is one of `dialects`. A
    /// `ChatError` from it, or from resolving the settings, is printed as one sentence on
    /// stderr and ends the command with its exit code.
    func withAPI(
        about subject: ErrorSubject = .none, dialects: Set<String> = ["conversations"],
        _ body: (CommandContext) async throws -> Void
    ) async throws {
        var resolved: ClientSettings?
        do {
            let settings = try settings(environment: ProcessInfo.processInfo.environment)
            resolved = settings
            try DialectCommands.check(settings.dialect.name, serves: dialects)
            let logger = logger(for: settings)
            let api = try ChatAPI(
                settings: settings, timeout: requestTimeout, retry: RetryPolicy(retries: retries), logger: logger)
            do {
                let directory = settings.dialect.makeDirectory(api: api)
                try await body(CommandContext(settings: settings, api: api, directory: directory, logger: logger))
            } catch {
                await api.shutdown()
                throw error
            }
            await api.shutdown()
        } catch let error as ChatError {
            throw CommandFailure.report(error, about: subject, settings: resolved)
        }
    }

    /// `withAPI` for a command about one conversation, its id checked by the server's
    /// dialect (a UUID, or an opaque id); errors from `body` name the conversation.
    func withConversation(
        _ text: String, dialects: Set<String>, _ body: (CommandContext, ConversationID) async throws -> Void
    ) async throws {
        try await withAPI(dialects: dialects) { context in
            let id = try context.settings.dialect.validate(conversationID: text)
            do {
                try await body(context, id)
            } catch let error as ChatError {
                throw CommandFailure.report(error, about: .conversation(id), settings: context.settings)
            }
        }
    }
}
