import ArgumentParser

/// `chatctl`: the scriptable command line of the support chat.
@main
struct Chatctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatctl",
        abstract: "Create, inspect and fix support-chat conversations from scripts, CI jobs and shells.",
        discussion: """
            CONFIGURATION
              Server, dialect and token come from flags, then the environment
              (CHAT_SERVER, CHAT_DIALECT, CHAT_TOKEN, CHAT_TOKEN_FILE, CHAT_CA_FILE),
              then $XDG_CONFIG_HOME/chat/config.toml (server, dialect, token_file,
              ca_file), which chat-tui shares. No flag takes a token's value: use
              CHAT_TOKEN or a token file only its owner can read (chmod 600).

            OUTPUT
              -o table|json|ndjson|tsv (--json = -o json): table on a terminal, tsv
              otherwise. -q prints only ids: ID=$(chatctl conversations create ... -q).
              Tables show local time, the other formats ISO-8601 UTC. Errors are one
              sentence on stderr.

            EXIT CODES
            \(ExitStatus.table)
            """,
        version: "1.0.0",
        subcommands: [ConversationsCommand.self, MessagesCommand.self, WatchCommand.self])

    static var _errorPrefix: String { "chatctl: " }
}
