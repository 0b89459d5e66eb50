import Foundation

/// Frames of one `conversations` socket: `{"type", "payload", "timestamp"}`.
struct ConversationsCodec: DialectCodec {
    /// The conversation this socket belongs to; typing events carry no id of their own.
    let conversationID: ConversationID

    func encode(_ command: ClientCommand, date: Date) -> String? {
        let type: String
        var payload: [String: JSONValue] = [:]
        switch command {
        case .send(let entry):
            type = "send_message"
            payload = [
                "content": .string(entry.content), "type": .string(entry.kind.rawValue), "metadata": .object(entry.metadata),
            ]
        case .typing(_, let isTyping):
            type = isTyping ? "typing_start" : "typing_stop"
        case .markRead(_, let ids):
            type = "mark_read"
            payload = ["message_ids": .array(ids.map { .string($0.rawValue) })]
        case .join, .heartbeat, .sync:
            return nil
        }
        let frame: JSONValue = .object([
            "type": .string(type), "payload": .object(payload), "timestamp": .string(Timestamp.format(date)),
        ])
        return frame.jsonText ?? ""
    }

    func decode(_ text: String) -> Decoded {
        Decoded([event(in: text)])
    }

    private func event(in text: String) -> ServerEvent {
        guard let frame = try? ChatJSON.decode(Frame.self, from: Data(text.utf8)) else {
            return .unrecognized(raw: text, reason: "not a JSON frame with a string 'type'")
        }
        let payload: [String: JSONValue]
        switch frame.payload {
        case .message(.success(let message)):
            return .newMessage(message)
        case .message(.failure(let error)):
            return .unrecognized(raw: text, reason: "invalid message: \(Self.describe(error))")
        case .notAnObject:
            return .unrecognized(raw: text, reason: "payload is not an object")
        case .object(let object):
            payload = object ?? [:]
        }
        func string(_ key: String) -> String? { payload[key]?.stringValue }
        switch frame.type {
        case "ping":
            return .ping
        case "connected":
            guard let user = string("user_id") else { return missing("user_id", in: text) }
            return .connected(conversationID: string("conversation_id").flatMap(UUID.init(uuidString:)).map(ConversationID.init), userID: user)
        case "user_typing", "user_stopped_typing":
            guard let user = string("user_id") else { return missing("user_id", in: text) }
            return .typing(conversationID, userID: user, isTyping: frame.type == "user_typing")
        case "presence_update":
            guard let user = string("user_id") else { return missing("user_id", in: text) }
            guard let status = string("status"), ["online", "offline"].contains(status) else {
                return missing("status", in: text)
            }
            return .presence(userID: user, online: status == "online")
        case "error":
            let message = string("error") ?? string("message") ?? string("detail") ?? "unspecified server error"
            return .error(Self.classify(message))
        default:
            return .unrecognized(raw: text, reason: "unknown frame type '\(frame.type)'")
        }
    }

    /// Sorts the seed server's error texts into what the outbox must do about them.
    static func classify(_ message: String) -> ServerError {
        let lowered = message.lowercased()
        if lowered.contains("rate limit") { return ServerError(kind: .rateLimited, message: message) }
        if lowered.contains("unavailable") { return ServerError(kind: .unavailable, message: message) }
        if lowered.contains("closed conversation") { return ServerError(kind: .conversationClosed, message: message) }
        return ServerError(kind: .rejected, message: message)
    }

    private func missing(_ field: String, in text: String) -> ServerEvent {
        .unrecognized(raw: text, reason: "missing or invalid '\(field)'")
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _):
            return "missing '\(key.stringValue)'"
        default:
            return "\(error)"
        }
    }

    /// A frame in one pass over its JSON: its type, and its payload as a message (for
    /// `new_message`) or as an object.
    private struct Frame: Decodable {
        enum Payload {
            case message(Result<Message, any Error>)
            case object([String: JSONValue]?)
            case notAnObject
        }

        let type: String
        let payload: Payload

        enum CodingKeys: String, CodingKey {
            case type, payload
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            if type == "new_message" {
                payload = .message(Result { try container.decode(Message.self, forKey: .payload) })
            } else if let object = try? container.decodeIfPresent([String: JSONValue].self, forKey: .payload) {
                payload = .object(object)
            } else if (try? container.decodeNil(forKey: .payload)) ?? true {
                payload = .object(nil)
            } else {
                payload = .notAnObject
            }
        }
    }
}
