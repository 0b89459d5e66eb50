import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations create`.
struct ConversationsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Open a conversation with a customer.",
        discussion: "Not retried on failure, since a lost reply would otherwise create two conversations.")

    @Option(help: ArgumentHelp("The customer's id.", valueName: "uuid"), transform: UUIDArgument.parse)
    var clientID: UUID

    @Option(help: "Where the customer writes from.")
    var channel: Conversation.Channel

    @Option(help: "The conversation's priority.")
    var priority: Conversation.Priority = .low

    @Option(help: ArgumentHelp("A one-line summary.", valueName: "text"))
    var summary: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag; repeat for more.", valueName: "tag"))
    var tags: [String] = []

    @Option(help: "The initial status.")
    var status: InitialStatus = .active

    @Option(help: ArgumentHelp("The agent to assign.", valueName: "uuid"), transform: UUIDArgument.parse)
    var agent: UUID?

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let printer = output.printer()
        let draft = ConversationDraft(
            clientID: clientID, channel: channel, status: status.status, assignedAgentID: agent, priority: priority,
            summary: summary, tags: tags)
        try await connection.withAPI { context in
            Console.out(try printer.one(try await context.api.createConversation(draft)))
        }
    }
}
