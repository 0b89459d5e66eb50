import ChatClientKit

/// What the conversation list shows: status and priority filters and a search term.
public struct ListFilter: Sendable, Equatable {
    public var status: Conversation.Status?
    public var priority: Conversation.Priority?
    public var search: String

    public init(status: Conversation.Status? = nil, priority: Conversation.Priority? = nil, search: String = "") {
        self.status = status
        self.priority = priority
        self.search = search
    }

    public var isEmpty: Bool { status == nil && priority == nil && search.isEmpty }

    /// The REST query for one page.
    public func query(page: Int, limit: Int) -> ConversationQuery {
        ConversationQuery(status: status, priority: priority, search: search.isEmpty ? nil : search, page: page, limit: limit)
    }

    /// "status=active · priority=High · “printer”", or nil without any filter.
    public var summary: String? {
        var parts: [String] = []
        if let status { parts.append("status=\(status.rawValue)") }
        if let priority { parts.append("priority=\(priority.rawValue)") }
        if !search.isEmpty { parts.append("“\(search)”") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The next status filter in the cycle all → active → pending → closed → all.
    public static func next(after status: Conversation.Status?) -> Conversation.Status? {
        switch status {
        case nil: .active
        case .active: .pending
        case .pending: .closed
        case .closed: nil
        }
    }

    /// The next priority filter in the cycle all → High → Medium → Low → all.
    public static func next(after priority: Conversation.Priority?) -> Conversation.Priority? {
        switch priority {
        case nil: .high
        case .high: .medium
        case .medium: .low
        case .low: nil
        }
    }
}
