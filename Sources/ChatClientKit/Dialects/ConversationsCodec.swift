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
            return Self.sendFrame(entry, date: date)
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

    /// The frame of every message sent, written straight out: the text `JSONValue` would
    /// write (keys in order) of `entry.metadata` and the rest, in one buffer, without
    /// building its dictionaries.
    private static func sendFrame(_ entry: OutboxEntry, date: Date) -> String {
        var frame: [UInt8] = []
        frame.reserveCapacity(entry.content.utf8.count + 160)
        frame += #"{"payload":{"content":"#.utf8
        JSONValue.write(entry.content, into: &frame)
        frame += #","metadata":{"#.utf8
        JSONValue.write(Message.clientMessageIDKey, into: &frame)
        frame.append(UInt8(ascii: ":"))
        JSONValue.write(entry.id, into: &frame)
        frame += #"},"type":""#.utf8
        frame += entry.kind.rawValue.utf8
        frame += #""},"timestamp":""#.utf8
        Timestamp.append(date, to: &frame)
        frame += #"","type":"send_message"}"#.utf8
        return String(decoding: frame, as: UTF8.self)
    }

    func decode(_ text: String) -> Decoded {
        Decoded([event(in: text)])
    }

    private func event(in text: String) -> ServerEvent {
        guard case .object(let frame)? = try? JSONValue(parsing: text), case .string(let type)? = frame["type"] else {
            return .unrecognized(raw: text, reason: "not a JSON frame with a string 'type'")
        }
        let payload: [String: JSONValue]
        switch frame["payload"] ?? .null {
        case .object(let object) where type == "new_message":
            do throws(InvalidMessageField) {
                return .newMessage(try Message(json: object))
            } catch {
                return .unrecognized(raw: text, reason: "invalid message: \(error)")
            }
        case _ where type == "new_message":
            return .unrecognized(raw: text, reason: "invalid message: the payload is not an object")
        case .object(let object):
            payload = object
        case .null:
            payload = [:]
        default:
            return .unrecognized(raw: text, reason: "payload is not an object")
        }
        func string(_ key: String) -> String? { payload[key]?.stringValue }
        switch type {
        case "ping":
            return .ping
        case "connected":
            guard let user = string("user_id") else { return missing("user_id", in: text) }
            return .connected(conversationID: string("conversation_id").flatMap(UUID.wireForm(of:)).map { ConversationID($0) }, userID: user)
        case "user_typing", "user_stopped_typing":
            guard let user = string("user_id") else { return missing("user_id", in: text) }
            return .typing(conversationID, userID: user, isTyping: type == "user_typing")
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
            return .unrecognized(raw: text, reason: "unknown frame type '\(type)'")
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
}
