import ArgumentParser

/// `chatctl messages ...`.
struct MessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "Read a conversation's history, send messages, mark them read.",
        subcommands: [MessagesList.self, MessagesSend.self, MessagesMarkRead.self])
}
