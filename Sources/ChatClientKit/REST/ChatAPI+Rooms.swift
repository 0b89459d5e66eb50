import Foundation

/// The `rooms` dialect's admin endpoints (PROTOCOLS.md §2, seed 003): `/ws/status`,
/// `/ws/rooms`, `/ws/queue`, `/ws/agents`, `/ws/broadcast`, `/ws/assign/{conversation}/{agent}`.
/// Their errors are `{"error": "text"}`, which `ChatError` reads like FastAPI's `detail`.
extension ChatAPI {
    public func roomsStatus() async throws(ChatError) -> RoomsStatus {
        try await call(.GET, "/ws/status")
    }

    public func rooms() async throws(ChatError) -> [RoomSummary] {
        let listing: RoomsListing = try await call(.GET, "/ws/rooms")
        return listing.rooms
    }

    public func queue() async throws(ChatError) -> [QueueEntry] {
        let listing: QueueListing = try await call(.GET, "/ws/queue")
        return listing.queue
    }

    public func agents() async throws(ChatError) -> [AgentSummary] {
        let listing: AgentsListing = try await call(.GET, "/ws/agents")
        return listing.agents
    }

    /// Sends a system message to every socket, or those in a room, or those of a role.
    /// Not retried: a lost reply could otherwise broadcast twice.
    public func broadcast(_ message: String, room: ConversationID? = nil, role: String? = nil) async throws(ChatError)
        -> BroadcastResult
    {
        var query = [("message", message)]
        if let room { query.append(("room_id", room.rawValue)) }
        if let role { query.append(("role", role)) }
        return try await call(.POST, "/ws/broadcast", query: query, idempotent: false)
    }

    /// Assigns a conversation to a connected agent.
    public func assign(_ conversation: ConversationID, to agent: String) async throws(ChatError) -> AssignResult {
        guard OpaqueID.isUsable(agent) else { throw .usage("'\(agent)' is not a usable agent id: \(OpaqueID.rule)") }
        return try await call(.POST, "/ws/assign/\(conversation.rawValue)/\(agent)")
    }

    private struct RoomsListing: Decodable { let rooms: [RoomSummary] }
    private struct QueueListing: Decodable { let queue: [QueueEntry] }
    private struct AgentsListing: Decodable { let agents: [AgentSummary] }
}

/// `GET /ws/status`: `{"status", "stats": {...}}`.
public struct RoomsStatus: Codable, Sendable, Equatable {
    public struct Stats: Codable, Sendable, Equatable {
        public var totalConnections: Int?
        public var currentConnections: Int?
        public var peakConnections: Int?
        public var totalMessages: Int?
        public var activeRooms: Int?
        public var availableAgents: Int?
        public var queueSize: Int?
        public var connectionsByRole: [String: Int]?

        enum CodingKeys: String, CodingKey {
            case totalConnections = "total_connections"
            case currentConnections = "current_connections"
            case peakConnections = "peak_connections"
            case totalMessages = "total_messages"
            case activeRooms = "active_rooms"
            case availableAgents = "available_agents"
            case queueSize = "queue_size"
            case connectionsByRole = "connections_by_role"
        }
    }

    public var status: String
    public var stats: Stats
}

/// One room of `GET /ws/rooms`.
public struct RoomSummary: Codable, Sendable, Equatable, Identifiable {
    public var id: ConversationID
    public var members: [String]
    public var assignedAgent: String?
    public var clientName: String?

    enum CodingKeys: String, CodingKey {
        case id = "room_id"
        case members
        case assignedAgent = "assigned_agent"
        case clientName = "client_name"
    }
}

/// One waiting conversation of `GET /ws/queue`.
public struct QueueEntry: Codable, Sendable, Equatable, Identifiable {
    public var id: ConversationID
    public var position: Int
    public var waitingSince: Date?
    public var clientName: String?

    enum CodingKeys: String, CodingKey {
        case id = "conversation_id"
        case position
        case waitingSince = "waiting_since"
        case clientName = "client_name"
    }
}

/// One agent of `GET /ws/agents`.
public struct AgentSummary: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var status: String
    public var activeConversations: Int
    public var connectedSince: Date?

    enum CodingKeys: String, CodingKey {
        case id = "agent_id"
        case status
        case activeConversations = "active_conversations"
        case connectedSince = "connected_since"
    }
}

/// `POST /ws/broadcast`: how many sockets got the message.
public struct BroadcastResult: Codable, Sendable, Equatable {
    public var success: Bool
    public var recipients: Int
}

/// `POST /ws/assign/...`.
public struct AssignResult: Codable, Sendable, Equatable {
    public var success: Bool
    public var conversationID: ConversationID
    public var agentID: String

    enum CodingKeys: String, CodingKey {
        case success
        case conversationID = "conversation_id"
        case agentID = "agent_id"
    }
}
