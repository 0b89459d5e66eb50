import ArgumentParser

@main
struct ChatServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-server",
        abstract: """
            The reference server of the `conversations` dialect (REST under /api, WebSocket at /ws/{conversation_id}) \
            and the `rooms` dialect (WebSocket at /ws/chat/{user_id}, admin API under /ws).
            """,
        subcommands: [Serve.self, Token.self])
}
