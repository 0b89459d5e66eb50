import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations delete ID`.
struct ConversationsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a conversation (a soft delete: the server closes it).",
        discussion: "Asks for confirmation on a terminal; without one (scripts, CI) it requires --yes.")

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "id"), transform: UUIDArgument.conversation)
    var id: ConversationID

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        if !yes { try confirm() }
        try await connection.withAPI(about: .conversation(id)) { context in
            try await context.api.deleteConversation(id)
            Console.out(try Self.render(id, printer.mode))
        }
    }

    private func confirm() throws {
        guard Console.stdinIsTerminal else {
            throw CommandFailure.report(
                .usage("refusing to delete conversation \(id.rawValue) without confirmation; pass --yes"), about: .none,
                settings: nil)
        }
        Console.err("Delete conversation \(id.rawValue)? The server will close it. [y/N] ")
        guard Confirmation.accepts(readLine()) else {
            Console.fail("conversation \(id.rawValue) was not deleted")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// What delete prints: the id (`-q`, tsv), a sentence (table) or `{"deleted": true, "id": ...}`.
    static func render(_ id: ConversationID, _ mode: OutputMode) throws -> String {
        switch mode {
        case .ids, .format(.tsv): return id.rawValue + "\n"
        case .format(.table): return "Deleted conversation \(id.rawValue); it is now closed.\n"
        case .format(let format):
            return try JSONText.encode(Deletion(id: id.rawValue), pretty: format == .json) + "\n"
        }
    }

    private struct Deletion: Encodable {
        let id: String
        let deleted = true
    }
}
