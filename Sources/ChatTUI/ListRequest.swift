import ChatClientKit

/// One load of the conversation list: pages `firstPage..<firstPage+pageCount` of `filter`.
///
/// `generation` ties the answer to the filter it was asked for: an answer for an older
/// filter is dropped.
public struct ListRequest: Sendable, Equatable {
    /// Where the answer goes in the list's window of pages.
    public enum Placement: Sendable, Equatable {
        /// Replaces the window (a refresh of the pages it holds).
        case reload
        /// Follows the window; the oldest pages leave it if it grows past its bound.
        case next
        /// Precedes the window; the last pages leave it if it grows past its bound.
        case previous
        /// Replaces the window, selecting the first or the last conversation (`g`, `G`).
        case jump(toEnd: Bool)
    }

    public var filter: ListFilter
    public var firstPage: Int
    public var pageCount: Int
    public var pageSize: Int
    public var generation: Int
    public var placement: Placement

    public init(filter: ListFilter, firstPage: Int, pageCount: Int, pageSize: Int, generation: Int, placement: Placement = .reload) {
        self.filter = filter
        self.firstPage = firstPage
        self.pageCount = pageCount
        self.pageSize = pageSize
        self.generation = generation
        self.placement = placement
    }

    /// True when the answer replaces the window rather than adding a page to it.
    public var isRefresh: Bool {
        switch placement {
        case .reload, .jump: true
        case .next, .previous: false
        }
    }

    /// The last page it asks for.
    public var lastPage: Int { firstPage + max(pageCount, 1) - 1 }
}

/// The conversations a `ListRequest` returned.
public struct ConversationListing: Sendable, Equatable {
    public var items: [Conversation]
    public var total: Int
    public var hasNext: Bool

    public init(items: [Conversation], total: Int, hasNext: Bool) {
        self.items = items
        self.total = total
        self.hasNext = hasNext
    }

    /// The list of a server without a conversation API: the conversations the client has a
    /// record of, from their newest messages (newest first), all on one page. Only what the
    /// record knows is filled in.
    public static func recorded(_ newest: [Message]) -> ConversationListing {
        let items = newest.map { message in
            Conversation(
                id: message.conversationID, clientID: nil, status: .active, channel: nil, priority: nil,
                startDate: message.timestamp, lastUpdate: message.timestamp, createdAt: message.timestamp,
                updatedAt: message.timestamp)
        }
        return ConversationListing(items: items, total: items.count, hasNext: false)
    }
}
