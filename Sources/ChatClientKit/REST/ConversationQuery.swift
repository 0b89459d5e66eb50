import Foundation

/// Filters and paging of `GET /api/conversations`.
public struct ConversationQuery: Sendable, Equatable {
    public var status: Conversation.Status?
    public var priority: Conversation.Priority?
    public var clientID: UUID?
    public var search: String?
    /// 1-based page number.
    public var page: Int
    /// Items per page, 1...100.
    public var limit: Int

    public init(
        status: Conversation.Status? = nil, priority: Conversation.Priority? = nil, clientID: UUID? = nil,
        search: String? = nil, page: Int = 1, limit: Int = 20
    ) {
        self.status = status
        self.priority = priority
        self.clientID = clientID
        self.search = search
        self.page = page
        self.limit = limit
    }

    var items: [(String, String)] {
        var items = [("page", String(page)), ("limit", String(limit))]
        if let clientID { items.append(("client_id", clientID.wireString)) }
        if let status { items.append(("status", status.rawValue)) }
        if let priority { items.append(("priority", priority.rawValue)) }
        if let search, !search.isEmpty { items.append(("search", search)) }
        return items
    }
}
