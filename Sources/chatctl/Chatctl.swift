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
              (CHAT_SERVER, CHAT_DIALECT, CHAT_TOKEN, CHAT_TOKEN_FILE, CHAT_USER,
              CHAT_ROLE, CHAT_CA_FILE), then $XDG_CONFIG_HOME/chat/config.toml
              (server, dialect, token_file, user, role, ca_file), which chat-tui
              shares. No flag takes a token's value: use CHAT_TOKEN or a token file
              only its owner can read (chmod 600).

            DIALECTS
              conversations (default): conversations, messages, watch.
              rooms: status, rooms list, queue list, agents list, broadcast, assign,
              messages send (over the socket), watch. The token is optional there;
              --user names the user, --role asks for a role (default atendente).

            OUTPUT
              -o table|json|ndjson|tsv (--json = -o json): table on a terminal, tsv
              otherwise. -q prints only ids: ID=$(chatctl conversations create ... -q).
              Tables show local time, the other formats ISO-8601 UTC. Errors are one
              sentence on stderr.

            EXIT CODES
            \(ExitStatus.table)
            """,
        version: "1.0.0",
        subcommands: [
            ConversationsCommand.self, MessagesCommand.self, WatchCommand.self, SoakCommand.self, StatusCommand.self, RoomsCommand.self,
            QueueCommand.self, AgentsCommand.self, BroadcastCommand.self, AssignCommand.self,
        ])

    static var _errorPrefix: String { "chatctl: " }
}
