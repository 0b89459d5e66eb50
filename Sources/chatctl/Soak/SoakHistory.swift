import ChatClientKit
import Foundation

/// Reads a conversation's history back from the server, newest first, as far as the newest
/// message from before the soak began.
actor SoakHistory {
    struct Incomplete: Error, CustomStringConvertible {
        let pages: Int
        var description: String { "the start of the run was not found within \(pages) pages of history" }
    }

    static let pageSize = 100
    private let directory: any ConversationDirectory
    private let conversation: ConversationID
    /// The newest message from before the run (nil: the conversation was empty).
    private var origin: MessageID?
    /// The newest message the previous read saw.
    private var watermark: MessageID?

    init(directory: any ConversationDirectory, conversation: ConversationID) {
        self.directory = directory
        self.conversation = conversation
    }

    /// Notes where the run begins (and that the conversation exists).
    func start() async throws {
        origin = try await directory.messages(conversationID: conversation, limit: 1, before: nil).last?.id
        watermark = origin
    }

    /// What arrived since the previous read (at most 20 pages of it), oldest first.
    func newest() async throws -> [Message] {
        let (messages, _) = try await walk(stoppingAt: Set([watermark, origin].compactMap { $0 }), maxPages: 20)
        if let newest = messages.last { watermark = newest.id }
        return messages
    }

    /// Everything since the run began, oldest first.
    func sinceStart(sent: Int) async throws -> [Message] {
        let maxPages = min(sent / Self.pageSize + 50, 2000)
        let (messages, reached) = try await walk(stoppingAt: Set([origin].compactMap { $0 }), maxPages: maxPages)
        guard reached else { throw Incomplete(pages: maxPages) }
        return messages
    }

    /// Pages back until a page holds one of `stops` or the conversation's first message;
    /// `reached` is false when `maxPages` or a page that makes no progress cut it short.
    private func walk(stoppingAt stops: Set<MessageID>, maxPages: Int) async throws -> ([Message], reached: Bool) {
        var pages: [ArraySlice<Message>] = []
        var before: HistoryAnchor?
        for _ in 0..<maxPages {
            let page = try await directory.messages(conversationID: conversation, limit: Self.pageSize, before: before)
            if let stop = page.lastIndex(where: { stops.contains($0.id) }) {
                pages.append(page[(stop + 1)...])
                return (pages.reversed().flatMap { $0 }, true)
            }
            pages.append(page[...])
            guard page.count >= Self.pageSize, let oldest = page.first else { return (pages.reversed().flatMap { $0 }, true) }
            guard oldest.anchor != before else { break }
            before = oldest.anchor
        }
        return (pages.reversed().flatMap { $0 }, false)
    }
}
