import Foundation

/// Frames of one `rooms` socket: `{"event", "data", "timestamp", "message_id"}` from the
/// server, `{"event", "data"}` from the client.
struct RoomsCodec: DialectCodec {
    /// The room of the last message sent: a `bot_response` without a `room_id` answers it.
    private var lastRoom: ConversationID?

    mutating func encode(_ command: ClientCommand, date: Date) -> String? {
        let event: String
        var data: [String: JSONValue] = [:]
        switch command {
        case .send(let entry):
            event = "message"
            data = ["room_id": .string(entry.conversationID.rawValue), "content": .string(entry.content), "type": .string(entry.kind.rawValue)]
            lastRoom = entry.conversationID
        case .typing(let room, let isTyping):
            event = isTyping ? "typing_start" : "typing_stop"
            data = ["room_id": .string(room.rawValue)]
        case .markRead(let room, let ids):
            event = "message_read"
            data = ["room_id": .string(room.rawValue), "message_ids": .array(ids.map { .string($0.rawValue) })]
        case .join(let room):
            event = "join_room"
            data = ["room_id": .string(room.rawValue)]
        case .heartbeat:
            event = "heartbeat"
        case .sync:
            return nil
        }
        let frame: JSONValue = .object(["event": .string(event), "data": .object(data)])
        return frame.jsonText
    }

    func decode(_ text: String) -> Decoded {
        guard let frame = try? JSONValue(parsing: text),
              let event = frame["event"]?.stringValue
        else { return Decoded([.unrecognized(raw: text, reason: "not a JSON frame with a string 'event'")]) }
        let data = frame["data"] ?? .object([:])
        guard data.objectValue != nil else { return Decoded([.unrecognized(raw: text, reason: "'data' is not an object")]) }
        let reader = Reader(data: data, raw: text, time: frame["timestamp"]?.stringValue.flatMap(Timestamp.parse))
        do {
            return Decoded(try events(event, reader))
        } catch {
            return Decoded([.unrecognized(raw: text, reason: error.reason)])
        }
    }

    private func events(_ event: String, _ data: Reader) throws(Reader.Missing) -> [ServerEvent] {
        switch event {
        case "connected":
            return [.connected(conversationID: nil, userID: try data.string("user_id"))]
        case "message":
            let role = data.optionalString("sender_role")
            return [.newMessage(try message(data, sender: role.map(Self.sender(role:)) ?? .client, metadata: ["sender_id": .string(try data.string("sender_id"))]))]
        case "bot_response":
            var metadata: [String: JSONValue] = ["bot": .bool(true)]
            if let details = data.value("metadata")?.objectValue {
                for key in ["intent", "quick_replies"] { metadata[key] = details[key] }
            }
            return [.newMessage(try message(data, sender: .system, metadata: metadata, room: lastRoom))]
        case "message_sent":
            let status = data.optionalString("status") ?? "sent"
            let refusal = ["failed", "error", "rejected"].contains(status) ? ServerError(kind: .rejected, message: "the server did not store the message (\(status))") : nil
            return [.acknowledged(Acknowledgement(messageID: try MessageID(data.string("message_id")), refusal: refusal))]
        case "typing_start", "typing_stop":
            return [.typing(try ConversationID(data.string("room_id")), userID: try data.string("user_id"), isTyping: event == "typing_start")]
        case "heartbeat":
            return [.pong]
        case "message_read":
            let ids = data.value("message_ids")?.arrayValue?.compactMap(\.stringValue).map { MessageID($0) } ?? []
            return [.read(try ConversationID(data.string("room_id")), userID: try data.string("user_id"), messageIDs: ids)]
        case "conversation_assigned":
            let room = try ConversationID(data.string("room_id"))
            let agent = try data.string("agent_id")
            return [.joined(room), .notice(.assigned(room, agent: agent, clientName: data.optionalString("client_name")))]
        case "queue_update":
            let size = data.value("queue_size")?.intValue.map { min(max($0, 0), 1_000_000) }
            return [.notice(.queue(size: size ?? 0, newConversation: data.optionalString("new_conversation").map { ConversationID($0) }))]
        case "queue_position":
            let position = data.value("position")?.intValue.map { min(max($0, 0), 1_000_000) } ?? 0
            return [.notice(.queuePosition(position, estimatedWait: data.optionalString("estimated_wait")))]
        case "system_message":
            return [.notice(.system(try data.string("message")))]
        case "disconnected":
            return [.presence(userID: try data.string("user_id"), online: false)]
        case "error":
            let text = data.optionalString("error") ?? "unspecified server error"
            return [.error(Self.classify(text))]
        default:
            return [.unrecognized(raw: data.raw, reason: "unknown event '\(event)'")]
        }
    }

    private func message(_ data: Reader, sender: Message.Sender, metadata: [String: JSONValue], room: ConversationID? = nil)
        throws(Reader.Missing) -> Message
    {
        let roomID = data.optionalString("room_id").map { ConversationID($0) } ?? room
        guard let roomID else { throw Reader.Missing(field: "room_id") }
        let time = data.optionalString("timestamp").flatMap(Timestamp.parse) ?? data.time
        guard let time else { throw Reader.Missing(field: "timestamp") }
        let kind = data.optionalString("type").flatMap(Message.Kind.init(rawValue:)) ?? .text
        return Message(
            id: MessageID(try data.string("id")), conversationID: roomID, sender: sender, kind: kind,
            content: try data.string("content"), metadata: metadata, timestamp: time, createdAt: time)
    }

    /// The seed's roles as the senders the client model knows.
    static func sender(role: String) -> Message.Sender {
        switch role {
        case "cliente": .client
        case "atendente", "supervisor": .admin
        default: .system
        }
    }

    /// Sorts the rooms server's error texts into what the outbox must do about them.
    static func classify(_ text: String) -> ServerError {
        let lowered = text.lowercased()
        if lowered.contains("rate limit") { return ServerError(kind: .rateLimited, message: text) }
        if lowered.contains("closed") { return ServerError(kind: .conversationClosed, message: text) }
        return ServerError(kind: .rejected, message: text)
    }

    /// The fields of a frame's `data`.
    private struct Reader {
        struct Missing: Error {
            let field: String
            var reason: String { "missing or invalid '\(field)'" }
        }

        let data: JSONValue
        let raw: String
        /// The frame's own timestamp, for messages without one.
        let time: Date?

        func value(_ key: String) -> JSONValue? { data[key] }

        func optionalString(_ key: String) -> String? {
            data[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }

        func string(_ key: String) throws(Missing) -> String {
            guard let value = optionalString(key) else { throw Missing(field: key) }
            return value
        }
    }
}
