import ChatModel
import Foundation

/// A client → server frame of the `rooms` dialect (`{"event", "data"}`, extra keys ignored),
/// parsed and validated. Room ids stay as sent; `RoomID` decides what they name.
enum RoomsCommand: Sendable, Equatable {
    case joinRoom(String)
    case leaveRoom(String)
    case message(room: String, content: String, kind: Message.Kind)
    case typing(room: String, started: Bool)
    case heartbeat
    case messageRead(room: String, messageIDs: [MessageID])

    /// Parses one text frame; a refusal is the `error` frame to answer with.
    static func parse(_ text: String, rules: MessageRules) -> Result<RoomsCommand, RoomsError> {
        guard let value = try? JSONValue(parsing: text), case .object(let frame) = value
        else { return .failure(.invalidFormat("frame must be a JSON object")) }
        guard case .string(let event)? = frame["event"] else { return .failure(.invalidFormat("event is required")) }
        let data: [String: JSONValue]
        switch frame["data"] {
        case .object(let fields)?: data = fields
        case nil, .null?: data = [:]
        default: return .failure(.invalidFormat("data must be an object"))
        }
        switch event {
        case "heartbeat": return .success(.heartbeat)
        case "join_room": return room(in: data).map(RoomsCommand.joinRoom)
        case "leave_room": return room(in: data).map(RoomsCommand.leaveRoom)
        case "typing_start": return room(in: data).map { .typing(room: $0, started: true) }
        case "typing_stop": return room(in: data).map { .typing(room: $0, started: false) }
        case "message": return room(in: data).flatMap { message(in: data, room: $0, rules: rules) }
        case "message_read": return room(in: data).flatMap { messageRead(in: data, room: $0) }
        default: return .failure(.unknownEvent(event))
        }
    }

    private static func room(in data: [String: JSONValue]) -> Result<String, RoomsError> {
        guard case .string(let room)? = data["room_id"], !room.isEmpty else {
            return .failure(.invalidFormat("room_id is required"))
        }
        return .success(room)
    }

    private static func message(in data: [String: JSONValue], room: String, rules: MessageRules) -> Result<RoomsCommand, RoomsError> {
        guard case .string(let content)? = data["content"] else { return .failure(.invalidFormat("content must be a string")) }
        if let problem = rules.problem(with: content) {
            return .failure(.invalidFormat(problem))
        }
        switch data["type"] {
        case nil, .null?:
            return .success(.message(room: room, content: content, kind: .text))
        case .string(let raw)?:
            if let kind = Message.Kind(rawValue: raw) {
                return .success(.message(room: room, content: content, kind: kind))
            }
            return .failure(.invalidFormat("type must be one of \(Message.Kind.validValues)"))
        default:
            return .failure(.invalidFormat("type must be one of \(Message.Kind.validValues)"))
        }
    }

    private static func messageRead(in data: [String: JSONValue], room: String) -> Result<RoomsCommand, RoomsError> {
        let refusal = RoomsError.invalidFormat("message_ids must be an array of message ids")
        guard case .array(let values)? = data["message_ids"] else { return .failure(refusal) }
        var ids: [MessageID] = []
        for value in values {
            guard case .string(let text) = value, let id = UUID(uuidString: text) else { return .failure(refusal) }
            ids.append(MessageID(id))
        }
        return .success(.messageRead(room: room, messageIDs: ids))
    }
}

/// Room ids are conversation ids: UUIDs, written lowercase in every frame the server sends.
enum RoomID {
    /// The conversation `raw` names (either case accepted), or nil when it is not a UUID.
    static func parse(_ raw: String) -> ConversationID? {
        UUID(uuidString: raw).map(ConversationID.init)
    }
}
