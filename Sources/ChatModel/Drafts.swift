import Foundation

/// The body of `POST /api/conversations` (the seed's ConversationCreate).
public struct ConversationDraft: Codable, Sendable, Equatable {
    public var clientID: UUID
    public var status: Conversation.Status
    public var channel: Conversation.Channel
    public var assignedAgentID: UUID?
    public var priority: Conversation.Priority
    public var summary: String?
    public var tags: [String]

    public init(
        clientID: UUID, channel: Conversation.Channel, status: Conversation.Status = .active,
        assignedAgentID: UUID? = nil, priority: Conversation.Priority = .low, summary: String? = nil,
        tags: [String] = []
    ) {
        self.clientID = clientID
        self.status = status
        self.channel = channel
        self.assignedAgentID = assignedAgentID
        self.priority = priority
        self.summary = summary
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case status, channel, priority, summary, tags
        case clientID = "client_id"
        case assignedAgentID = "assigned_agent_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clientID.wireString, forKey: .clientID)
        try c.encode(status, forKey: .status)
        try c.encode(channel, forKey: .channel)
        try c.encodeIfPresent(assignedAgentID?.wireString, forKey: .assignedAgentID)
        try c.encode(priority, forKey: .priority)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encode(tags, forKey: .tags)
    }
}

/// The body of `PUT /api/conversations/{id}` (the seed's ConversationUpdate): only set fields are sent.
public struct ConversationChanges: Codable, Sendable, Equatable {
    public var status: Conversation.Status?
    public var assignedAgentID: UUID?
    public var priority: Conversation.Priority?
    public var summary: String?
    public var tags: [String]?

    public init(
        status: Conversation.Status? = nil, assignedAgentID: UUID? = nil,
        priority: Conversation.Priority? = nil, summary: String? = nil, tags: [String]? = nil
    ) {
        self.status = status
        self.assignedAgentID = assignedAgentID
        self.priority = priority
        self.summary = summary
        self.tags = tags
    }

    /// True when no field is set.
    public var isEmpty: Bool {
        status == nil && assignedAgentID == nil && priority == nil && summary == nil && tags == nil
    }

    enum CodingKeys: String, CodingKey {
        case status, priority, summary, tags
        case assignedAgentID = "assigned_agent_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(assignedAgentID?.wireString, forKey: .assignedAgentID)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encodeIfPresent(tags, forKey: .tags)
    }
}

/// The body of `POST /api/messages` (the seed's MessageCreate).
public struct MessageDraft: Codable, Sendable, Equatable {
    public var conversationID: ConversationID
    public var sender: Message.Sender
    public var kind: Message.Kind
    public var content: String
    public var metadata: [String: JSONValue]?

    public init(
        conversationID: ConversationID, sender: Message.Sender, kind: Message.Kind = .text, content: String,
        metadata: [String: JSONValue]? = nil
    ) {
        self.conversationID = conversationID
        self.sender = sender
        self.kind = kind
        self.content = content
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case sender, content, metadata
        case kind = "type"
        case conversationID = "conversation_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(sender, forKey: .sender)
        try c.encode(kind, forKey: .kind)
        try c.encode(content, forKey: .content)
        try c.encodeIfPresent(metadata, forKey: .metadata)
    }
}
