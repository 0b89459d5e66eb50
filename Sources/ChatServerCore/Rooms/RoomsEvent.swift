import ChatModel
import Foundation

/// A server → client event of the `rooms` dialect: its `event` name and `data` object.
/// `RoomsFrame` wraps it in the envelope with `timestamp` and `message_id`.
enum RoomsEvent: Sendable, Equatable {
    case connected(connectionID: String, userID: String, role: RoomRole, serverTime: Date)
    case disconnected(userID: String)
    /// A stored message, to the room's sockets other than the one that sent it.
    case message(Message, senderID: String, senderRole: String)
    /// The author's acknowledgement of its `message`.
    case messageSent(MessageID)
    case botResponse(Message, BotReply)
    case typing(started: Bool, userID: String, roomID: ConversationID)
    case heartbeat(serverTime: Date)
    case messageRead(roomID: ConversationID, userID: String, messageIDs: [MessageID])
    case conversationAssigned(roomID: ConversationID, agentID: String, clientName: String)
    /// To the customer of a queued conversation; `room_id` is our addition to the seed's shape.
    case queuePosition(roomID: ConversationID, position: Int)
    /// To every agent socket; `new_conversation` is null when the queue shrank.
    case queueUpdate(queueSize: Int, newConversation: ConversationID?)
    case systemMessage(String)
    case error(RoomsError)

    var name: String {
        switch self {
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .message: "message"
        case .messageSent: "message_sent"
        case .botResponse: "bot_response"
        case .typing(let started, _, _): started ? "typing_start" : "typing_stop"
        case .heartbeat: "heartbeat"
        case .messageRead: "message_read"
        case .conversationAssigned: "conversation_assigned"
        case .queuePosition: "queue_position"
        case .queueUpdate: "queue_update"
        case .systemMessage: "system_message"
        case .error: "error"
        }
    }

    var data: JSONValue {
        switch self {
        case .connected(let connectionID, let userID, let role, let serverTime):
            [
                "connection_id": .string(connectionID), "user_id": .string(userID), "role": .string(role.rawValue),
                "server_time": .string(Timestamp.format(serverTime)),
            ]
        case .disconnected(let userID):
            ["user_id": .string(userID)]
        case .message(let message, let senderID, let senderRole):
            [
                "id": .string(message.id.rawValue), "room_id": .string(message.conversationID.rawValue),
                "sender_id": .string(senderID), "sender_role": .string(senderRole), "content": .string(message.content),
                "type": .string(message.kind.rawValue), "timestamp": .string(Timestamp.format(message.timestamp)),
            ]
        case .messageSent(let id):
            ["message_id": .string(id.rawValue), "status": "sent"]
        case .botResponse(let message, let reply):
            [
                "id": .string(message.id.rawValue), "room_id": .string(message.conversationID.rawValue),
                "content": .string(message.content), "metadata": .object(Self.metadata(of: reply)),
            ]
        case .typing(_, let userID, let roomID):
            ["user_id": .string(userID), "room_id": .string(roomID.rawValue)]
        case .heartbeat(let serverTime):
            ["status": "alive", "server_time": .string(Timestamp.format(serverTime))]
        case .messageRead(let roomID, let userID, let messageIDs):
            [
                "room_id": .string(roomID.rawValue), "user_id": .string(userID),
                "message_ids": .array(messageIDs.map { .string($0.rawValue) }),
            ]
        case .conversationAssigned(let roomID, let agentID, let clientName):
            ["room_id": .string(roomID.rawValue), "agent_id": .string(agentID), "client_name": .string(clientName)]
        case .queuePosition(let roomID, let position):
            [
                "room_id": .string(roomID.rawValue), "position": .number(Double(position)),
                "estimated_wait": .string(Self.estimatedWait(position: position)),
            ]
        case .queueUpdate(let queueSize, let newConversation):
            ["queue_size": .number(Double(queueSize)), "new_conversation": newConversation.map { .string($0.rawValue) } ?? .null]
        case .systemMessage(let text):
            ["message": .string(text), "type": "broadcast"]
        case .error(let error):
            error.details.map { ["error": .string(error.error), "details": .string($0)] } ?? ["error": .string(error.error)]
        }
    }

    /// What the bot's stored message keeps as metadata, and what `bot_response` carries.
    static func metadata(of reply: BotReply) -> [String: JSONValue] {
        [
            "intent": .string(reply.intent.rawValue), "sentiment": .string(reply.sentiment.rawValue),
            "confidence": .number(reply.confidence), "quick_replies": .array(reply.quickReplies.map(JSONValue.string)),
        ]
    }

    /// A waiting-time range that grows with the position: 1 → "0-5 minutos", 3 → "6-15 minutos".
    static func estimatedWait(position: Int) -> String {
        "\((position - 1) * 3)-\(position * 5) minutos"
    }
}
