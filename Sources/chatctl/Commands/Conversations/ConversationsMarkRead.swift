import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations mark-read ID`.
struct ConversationsMarkRead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-read", abstract: "Mark all of a conversation's messages read (unread count 0).")

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "id"), transform: UUIDArgument.conversation)
    var id: ConversationID

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(about: .conversation(id)) { context in
            Console.out(try printer.one(try await context.api.markRead(id)))
        }
    }
}
