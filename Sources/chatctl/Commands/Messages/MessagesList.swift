import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl messages list CONVERSATION_ID`.
struct MessagesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show a conversation's messages, oldest first.",
        discussion: """
            Shows the newest 50 by default and says on stderr when older ones exist; --all fetches the whole history.
            TSV columns: id, conversation_id, timestamp, sender, type, is_read, content.
            """)

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "conversation-id"), transform: UUIDArgument.conversation)
    var conversationID: ConversationID

    @Option(help: ArgumentHelp("How many messages, 1-100 (default 50; the page size with --all).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only messages older than this one.", valueName: "message-id"), transform: UUIDArgument.message)
    var before: MessageID?

    @Flag(help: "Fetch every message (older than --before, if given).")
    var all = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    static let pageLimit = 100

    func validate() throws {
        if let limit, !(1...Self.pageLimit).contains(limit) { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(about: .history(conversationID, before: before)) { context in
            let api = context.api
            let size = limit ?? (all ? Self.pageLimit : 50)
            var messages = try await api.messages(conversationID: conversationID, limit: size, before: before)
            var olderExist = false
            if let oldest = messages.first, messages.count == size {
                if all {
                    var page = messages
                    while page.count == size, let oldest = page.first {
                        page = try await api.messages(conversationID: conversationID, limit: size, before: oldest.id)
                        messages.insert(contentsOf: page, at: 0)
                    }
                } else {
                    olderExist = try await !api.messages(conversationID: conversationID, limit: 1, before: oldest.id).isEmpty
                }
            }
            Console.out(try printer.list(messages))
            if messages.isEmpty, printer.isTable { Console.note("No messages.") }
            if olderExist, let oldest = messages.first {
                Console.note(ListingNote.messages(shown: messages.count, oldest: oldest.id.rawValue))
            }
        }
    }
}
