import ChatClientKit

/// One load of the conversation list: pages `firstPage..<firstPage+pageCount` of `filter`.
///
/// `generation` ties the answer to the filter it was asked for: an answer for an older
/// filter is dropped.
public struct ListRequest: Sendable, Equatable {
    public var filter: ListFilter
    public var firstPage: Int
    public var pageCount: Int
    public var pageSize: Int
    public var generation: Int

    public init(filter: ListFilter, firstPage: Int, pageCount: Int, pageSize: Int, generation: Int) {
        self.filter = filter
        self.firstPage = firstPage
        self.pageCount = pageCount
        self.pageSize = pageSize
        self.generation = generation
    }

    /// True when it reloads the list from the top rather than appending a page.
    public var isRefresh: Bool { firstPage == 1 }
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
