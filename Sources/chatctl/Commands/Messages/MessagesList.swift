import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl messages list CONVERSATION_ID`.
struct MessagesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show a conversation's messages, oldest first.",
        discussion: """
            Shows the newest 50 by default and says on stderr when older ones exist; --all fetches the whole history. \
            --before takes a message id on a conversations server and a time (ISO 8601) on a socketio server, \
            which pages history by time.
            TSV columns: id, conversation_id, timestamp, sender, type, is_read, content.
            """)

    @Argument(help: ArgumentHelp("The conversation's id.", valueName: "conversation-id"))
    var conversation: String

    @Option(help: ArgumentHelp("How many messages, 1-100 (default 50; the page size with --all).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only messages older than this message (or this time, on socketio servers).", valueName: "message-id|time"))
    var before: String?

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
        try await connection.withAPI(dialects: ["conversations", "socketio"]) { context in
            let id = try context.settings.dialect.validate(conversationID: conversation)
            let pagesByTime = context.settings.dialect.capabilities.pagesHistoryByTime
            let start = try before.map { text throws(ChatError) in try Self.anchor(text, byTime: pagesByTime) }
            do {
                try await list(id, before: start, directory: context.directory, printer: printer, pagesByTime: pagesByTime)
            } catch let error as ChatError {
                throw CommandFailure.report(error, about: .history(id, before: before), settings: context.settings)
            }
        }
    }

    private func list(
        _ id: ConversationID, before start: HistoryAnchor?, directory: any ConversationDirectory, printer: Printer,
        pagesByTime: Bool
    ) async throws {
        let size = limit ?? (all ? Self.pageLimit : 50)
        var messages = try await directory.messages(conversationID: id, limit: size, before: start)
        var olderExist = false
        if let oldest = messages.first, messages.count == size {
            if all {
                var walk = PageWalk<MessageID>(of: "messages")
                var pages = [try walk.admit(messages, id: \.id)]
                var page = messages
                while page.count == size, let oldest = page.first {
                    page = try await directory.messages(conversationID: id, limit: size, before: oldest.anchor)
                    pages.append(try walk.admit(page, id: \.id))
                }
                messages = pages.reversed().flatMap { $0 }
            } else {
                olderExist = try await !directory.messages(conversationID: id, limit: 1, before: oldest.anchor).isEmpty
            }
        }
        Console.out(try printer.list(messages))
        if messages.isEmpty, printer.isTable { Console.note("No messages.") }
        if olderExist, let oldest = messages.first {
            let cursor = pagesByTime ? Timestamp.format(oldest.timestamp) : oldest.id.rawValue
            Console.note(ListingNote.messages(shown: messages.count, oldest: cursor))
        }
    }

    /// `--before` as the server pages: a message id (a UUID), or a time.
    private static func anchor(_ text: String, byTime: Bool) throws(ChatError) -> HistoryAnchor {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if byTime {
            guard let time = Timestamp.parse(trimmed) else {
                throw .usage("--before '\(text)' is not a time: this server pages history by time, e.g. 2025-11-18T14:01:02.123Z")
            }
            return HistoryAnchor(timestamp: time)
        }
        guard let uuid = UUID(uuidString: trimmed) else {
            throw .usage("--before '\(text)' is not a message id: expected a UUID such as 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab")
        }
        return HistoryAnchor(id: MessageID(uuid))
    }
}
