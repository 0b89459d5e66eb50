import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations update ID`.
struct ConversationsUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a conversation's priority, summary, tags or agent.",
        discussion: "Only the fields given change; --tag replaces all tags. Use close, reopen or pending for the status.")

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "id"), transform: UUIDArgument.conversation)
    var id: ConversationID

    @Option(help: "The new priority.")
    var priority: Conversation.Priority?

    @Option(help: ArgumentHelp("The new summary.", valueName: "text"))
    var summary: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag; repeat for more. Replaces the current tags.", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("The agent to assign.", valueName: "uuid"), transform: UUIDArgument.parse)
    var agent: UUID?

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    var changes: ConversationChanges {
        ConversationChanges(assignedAgentID: agent, priority: priority, summary: summary, tags: tags.isEmpty ? nil : tags)
    }

    func validate() throws {
        if changes.isEmpty { throw ValidationError("nothing to change; pass --priority, --summary, --tag or --agent") }
    }

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(about: .conversation(id)) { context in
            Console.out(try printer.one(try await context.api.updateConversation(id, changes)))
        }
    }
}
