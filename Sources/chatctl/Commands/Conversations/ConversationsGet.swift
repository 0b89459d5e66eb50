import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations get ID`.
struct ConversationsGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one conversation.")

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "id"))
    var id: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        try await connection.withConversation(id, dialects: ["conversations", "socketio"]) { context, id in
            Console.out(try printer.one(try await context.directory.conversation(id)))
        }
    }
}
