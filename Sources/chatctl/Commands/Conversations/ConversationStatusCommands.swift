import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations close ID`.
struct ConversationsClose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a conversation; it refuses new messages until reopened.")

    @OptionGroup var change: StatusChange

    func run() async throws { try await change.apply(.closed) }
}

/// `chatctl conversations reopen ID`.
struct ConversationsReopen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Make a conversation active again.")

    @OptionGroup var change: StatusChange

    func run() async throws { try await change.apply(.active) }
}

/// `chatctl conversations pending ID`.
struct ConversationsPending: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending", abstract: "Mark a conversation as pending (waiting on someone).")

    @OptionGroup var change: StatusChange

    func run() async throws { try await change.apply(.pending) }
}

/// The arguments and work shared by the status commands.
struct StatusChange: ParsableArguments {
    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "id"))
    var id: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func apply(_ status: Conversation.Status) async throws {
        let printer = output.printer()
        try await connection.withConversation(id, dialects: ["conversations", "socketio"]) { context, id in
            Console.out(try printer.one(try await context.directory.setStatus(id, status)))
        }
    }
}
