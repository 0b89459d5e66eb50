import ChatModel
import Foundation

/// `GET /ws/status`'s `stats`: seed 003's counters.
struct RoomsStats: Sendable, Equatable {
    /// Sockets accepted since the server started.
    var totalConnections: Int
    var currentConnections: Int
    var peakConnections: Int
    /// `message` events stored from rooms sockets since the server started.
    var totalMessages: Int
    /// Rooms with at least one socket in them.
    var activeRooms: Int
    /// Atendentes that can take a conversation now (connected, not away).
    var availableAgents: Int
    var queueSize: Int
    /// Open sockets per role; `system` is always listed (0: no socket connects as system).
    var connectionsByRole: [String: Int]

    var json: JSONValue {
        [
            "total_connections": .number(Double(totalConnections)),
            "current_connections": .number(Double(currentConnections)),
            "peak_connections": .number(Double(peakConnections)), "total_messages": .number(Double(totalMessages)),
            "active_rooms": .number(Double(activeRooms)), "available_agents": .number(Double(availableAgents)),
            "queue_size": .number(Double(queueSize)),
            "connections_by_role": .object(connectionsByRole.mapValues { .number(Double($0)) }),
        ]
    }
}

/// One entry of `GET /ws/rooms`.
struct RoomSummary: Sendable, Equatable {
    var roomID: ConversationID
    /// User ids of the sockets in the room, sorted, each once.
    var members: [String]
    var assignedAgent: String?
    /// The assignment's client name, else the room's first cliente.
    var clientName: String?

    var json: JSONValue {
        [
            "room_id": .string(roomID.rawValue), "members": .array(members.map(JSONValue.string)),
            "assigned_agent": assignedAgent.map(JSONValue.string) ?? .null,
            "client_name": clientName.map(JSONValue.string) ?? .null,
        ]
    }
}

/// One entry of `GET /ws/queue`, oldest first.
struct QueueEntry: Sendable, Equatable {
    var conversationID: ConversationID
    /// 1 for the oldest.
    var position: Int
    var waitingSince: Date
    var clientName: String

    var json: JSONValue {
        [
            "conversation_id": .string(conversationID.rawValue), "position": .number(Double(position)),
            "waiting_since": .string(Timestamp.format(waitingSince)), "client_name": .string(clientName),
        ]
    }
}

/// One entry of `GET /ws/agents`: a connected atendente.
struct AgentSummary: Sendable, Equatable {
    enum Status: String, Sendable {
        /// Heartbeat recent, no conversation assigned.
        case available
        /// Heartbeat recent, at least one conversation assigned (still assignable).
        case busy
        /// No heartbeat within the timeout: not assignable.
        case away
    }

    var agentID: String
    var status: Status
    var activeConversations: Int
    /// When the agent's oldest open socket connected.
    var connectedSince: Date

    var json: JSONValue {
        [
            "agent_id": .string(agentID), "status": .string(status.rawValue),
            "active_conversations": .number(Double(activeConversations)),
            "connected_since": .string(Timestamp.format(connectedSince)),
        ]
    }
}
