import ChatModel
import Foundation

/// What instances tell each other through `NOTIFY chat_events`: small JSON objects, far below
/// PostgreSQL's 8000-byte payload limit (events that would not fit are not sent; see `encode`).
enum ClusterEvent: Sendable, Equatable {
    /// A message was committed (sent by the insert trigger): catch up on the conversation.
    case message(conversationID: ConversationID, seq: Int64)
    case typing(conversationID: ConversationID, userID: String, started: Bool, instance: String)
    /// A user joined the conversation on `instance` (every join, as on one instance).
    case online(conversationID: ConversationID, userID: String, instance: String)
    /// The user's last socket in the conversation, on any instance, closed a presence timeout ago.
    case offline(conversationID: ConversationID, userID: String)

    /// Payloads longer than this are not sent (PostgreSQL refuses 8000 bytes and more).
    static let maxPayloadBytes = 7_900

    /// The instance an event came from; nil for events every instance handles alike.
    var instance: String? {
        switch self {
        case .typing(_, _, _, let instance), .online(_, _, let instance): instance
        case .message, .offline: nil
        }
    }

    /// The JSON payload, or nil when it would exceed `maxPayloadBytes` (only an absurdly long user id can do that).
    func encode() -> String? {
        let object: [String: JSONValue] = switch self {
        case .message(let conversationID, let seq):
            ["type": "message", "conversation": .string(conversationID.rawValue), "seq": .number(Double(seq))]
        case .typing(let conversationID, let userID, let started, let instance):
            [
                "type": "typing", "conversation": .string(conversationID.rawValue), "user": .string(userID),
                "started": .bool(started), "instance": .string(instance),
            ]
        case .online(let conversationID, let userID, let instance):
            ["type": "online", "conversation": .string(conversationID.rawValue), "user": .string(userID), "instance": .string(instance)]
        case .offline(let conversationID, let userID):
            ["type": "offline", "conversation": .string(conversationID.rawValue), "user": .string(userID)]
        }
        let text = JSONValue.object(object).compactText
        return text.utf8.count <= Self.maxPayloadBytes ? text : nil
    }

    /// The event in a payload; nil for anything else (another application's NOTIFY, a newer format).
    init?(payload: String) {
        guard let value = try? JSONValue(parsing: payload), case .object(let object) = value,
              case .string(let type)? = object["type"], case .string(let conversation)? = object["conversation"]
        else { return nil }
        let conversationID = ConversationID(conversation)
        let user = object["user"]?.stringValue
        let instance = object["instance"]?.stringValue
        switch type {
        case "message":
            guard case .number(let seq)? = object["seq"], seq >= 0, seq <= 9e15 else { return nil }
            self = .message(conversationID: conversationID, seq: Int64(seq))
        case "typing":
            guard let user, let instance, case .bool(let started)? = object["started"] else { return nil }
            self = .typing(conversationID: conversationID, userID: user, started: started, instance: instance)
        case "online":
            guard let user, let instance else { return nil }
            self = .online(conversationID: conversationID, userID: user, instance: instance)
        case "offline":
            guard let user else { return nil }
            self = .offline(conversationID: conversationID, userID: user)
        default:
            return nil
        }
    }
}

extension JSONValue {
    /// Compact JSON text.
    var compactText: String {
        (try? ChatJSON.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
