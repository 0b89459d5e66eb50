import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl messages mark-read MESSAGE_ID...`.
struct MessagesMarkRead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-read",
        abstract: "Mark messages read.",
        discussion: "Prints how many changed (tsv: the number; json: the server's reply; -q: nothing).")

    @Argument(help: ArgumentHelp("The messages' ids.", valueName: "message-id"), transform: UUIDArgument.message)
    var messageIDs: [MessageID]

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if messageIDs.isEmpty { throw ValidationError("pass at least one message id") }
    }

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(about: .messages(messageIDs)) { context in
            let result = try await context.api.markMessagesRead(messageIDs)
            Console.out(try Self.render(result, requested: messageIDs.count, printer.mode))
        }
    }

    static func render(_ result: MarkReadResult, requested: Int, _ mode: OutputMode) throws -> String {
        switch mode {
        case .ids: ""
        case .format(.table): "Marked \(result.markedCount) of \(requested) message\(requested == 1 ? "" : "s") read.\n"
        case .format(.tsv): "\(result.markedCount)\n"
        case .format(let format): try JSONText.encode(result, pretty: format == .json) + "\n"
        }
    }
}
