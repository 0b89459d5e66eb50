import Foundation

/// A customer conversation. Its `Codable` form is the `conversations` dialect's REST shape
/// (UUID ids, a channel and a priority); other dialects know less, and leave nil what their
/// servers do not say.
public struct Conversation: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, WireEnum {
        case active, closed, pending
        public static let fieldName = "status"
    }

    public enum Channel: String, WireEnum {
        case whatsapp, email, web
        public static let fieldName = "channel"
    }

    public enum Priority: String, WireEnum, Comparable {
        case low = "Low", medium = "Medium", high = "High"
        public static let fieldName = "priority"

        private var rank: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .high: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    public var id: ConversationID
    /// The customer's user id, when the server names them.
    public var clientID: String?
    public var status: Status
    public var channel: Channel?
    public var assignedAgentID: String?
    public var priority: Priority?
    public var summary: String?
    public var tags: [String]
    public var unreadCount: Int
    public var startDate: Date
    public var lastUpdate: Date
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ConversationID, clientID: String?, status: Status, channel: Channel?, assignedAgentID: String? = nil,
        priority: Priority? = .low, summary: String? = nil, tags: [String] = [], unreadCount: Int = 0,
        startDate: Date, lastUpdate: Date, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.status = status
        self.channel = channel
        self.assignedAgentID = assignedAgentID
        self.priority = priority
        self.summary = summary
        self.tags = tags
        self.unreadCount = unreadCount
        self.startDate = startDate
        self.lastUpdate = lastUpdate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, status, channel, priority, summary, tags
        case clientID = "client_id"
        case assignedAgentID = "assigned_agent_id"
        case unreadCount = "unread_count"
        case startDate = "start_date"
        case lastUpdate = "last_update"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = ConversationID(try c.decodeUUIDWireString(forKey: .id))
        clientID = try c.decodeUUIDWireString(forKey: .clientID)
        status = try c.decode(Status.self, forKey: .status)
        channel = try c.decode(Channel.self, forKey: .channel)
        assignedAgentID = try c.decodeUUIDWireStringIfPresent(forKey: .assignedAgentID)
        priority = try c.decodeIfPresent(Priority.self, forKey: .priority) ?? .low
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        unreadCount = WireCount.clamp(try c.decodeIfPresent(Int.self, forKey: .unreadCount) ?? 0)
        startDate = try c.decode(Date.self, forKey: .startDate)
        lastUpdate = try c.decode(Date.self, forKey: .lastUpdate)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(clientID, forKey: .clientID)
        try c.encode(status, forKey: .status)
        try c.encode(channel, forKey: .channel)
        try c.encode(assignedAgentID, forKey: .assignedAgentID)
        try c.encode(priority, forKey: .priority)
        try c.encode(summary, forKey: .summary)
        try c.encode(tags, forKey: .tags)
        try c.encode(unreadCount, forKey: .unreadCount)
        try c.encode(startDate, forKey: .startDate)
        try c.encode(lastUpdate, forKey: .lastUpdate)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
