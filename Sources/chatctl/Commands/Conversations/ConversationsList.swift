import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl conversations list`.
struct ConversationsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List conversations, most recently updated first.",
        discussion: """
            Shows one page (20 by default) and says on stderr when there are more; --all fetches every page. \
            A socketio server lists one page of at most 100, filtered by --status only.
            TSV columns: id, status, priority, channel, client_id, assigned_agent_id, unread_count, last_update, tags, summary.
            """)

    @Option(help: "Only conversations with this status.")
    var status: Conversation.Status?

    @Option(help: "Only conversations with this priority.")
    var priority: Conversation.Priority?

    @Option(help: ArgumentHelp("Only this customer's conversations.", valueName: "uuid"), transform: UUIDArgument.parse)
    var clientID: UUID?

    @Option(help: ArgumentHelp("Only conversations matching this text (as the server searches).", valueName: "text"))
    var search: String?

    @Option(help: ArgumentHelp("Conversations per page, 1-100 (default 20; 100 with --all).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("The page to show, from 1.", valueName: "n"))
    var page: Int?

    @Flag(help: "Fetch every page.")
    var all = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let limit, !(1...100).contains(limit) { throw ValidationError("--limit must be between 1 and 100") }
        if let page, page < 1 { throw ValidationError("--page must be 1 or more") }
        if all, page != nil { throw ValidationError("--all fetches every page; pass either --all or --page") }
    }

    func run() async throws {
        let printer = output.printer()
        try await connection.withAPI(dialects: ["conversations", "socketio"]) { context in
            let capabilities = context.settings.dialect.capabilities
            try checkFilters(capabilities)
            var query = ConversationQuery(
                status: status, priority: priority, clientID: clientID, search: search, page: page ?? 1,
                limit: limit ?? (all ? 100 : 20))
            var walk = PageWalk<ConversationID>(of: "conversations")
            var current = try await context.directory.conversations(query)
            var conversations = try walk.admit(current.items, id: \.id)
            while all, current.hasNext, !current.items.isEmpty {
                query.page += 1
                current = try await context.directory.conversations(query)
                conversations += try walk.admit(current.items, id: \.id)
            }
            Console.out(try printer.list(conversations))
            if conversations.isEmpty, printer.isTable, current.page == 1 { Console.note("No conversations found.") }
            if !all, let note = ListingNote.conversations(current) { Console.note(note) }
            if let cap = capabilities.listLimit, conversations.count >= cap {
                Console.note("the server lists at most \(cap) conversations (newest activity first); older ones cannot be listed")
            }
        }
    }

    /// Servers that only filter by status refuse the other filters rather than ignore them.
    private func checkFilters(_ capabilities: DialectCapabilities) throws(ChatError) {
        guard !capabilities.filtersConversations else { return }
        let unsupported = [
            priority.map { _ in "--priority" }, clientID.map { _ in "--client-id" }, search.map { _ in "--search" },
            (page ?? 1) > 1 ? "--page" : nil,
        ].compactMap { $0 }
        guard unsupported.isEmpty else {
            throw .usage("this server lists one page of conversations, filtered by --status only: \(unsupported.joined(separator: ", ")) cannot apply")
        }
    }
}
