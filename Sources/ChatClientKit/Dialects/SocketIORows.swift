import Foundation

/// The stored rows of the `socketio` servers (PROTOCOLS.md §3): snake_case, as REST, acks and
/// `sync_response` return them, read leniently: a row that lacks what the client needs is
/// refused with the field's name, any other field is optional.
enum SocketIORows {
    struct Missing: Error {
        let field: String
        var reason: String { "missing or invalid '\(field)'" }
    }

    /// A message row: `id, conversation_id, sender (agent|contact|system), sender_id, content,
    /// message_type, client_message_id, created_at`.
    static func message(_ row: JSONValue) throws(Missing) -> Message {
        let id = try string(row, "id")
        let conversation = try string(row, "conversation_id")
        guard let time = row["created_at"]?.stringValue.flatMap(Timestamp.parse) else { throw Missing(field: "created_at") }
        guard let content = row["content"]?.stringValue else { throw Missing(field: "content") }
        var metadata: [String: JSONValue] = [:]
        if let clientID = row["client_message_id"]?.stringValue, !clientID.isEmpty {
            metadata[Message.clientMessageIDKey] = .string(clientID)
        }
        if let sender = row["sender_id"]?.stringValue { metadata["sender_id"] = .string(sender) }
        return Message(
            id: MessageID(id), conversationID: ConversationID(conversation), sender: sender(row["sender"]?.stringValue),
            kind: row["message_type"]?.stringValue.flatMap(Message.Kind.init(rawValue:)) ?? .text, content: content,
            metadata: metadata.isEmpty ? nil : metadata, timestamp: time,
            isRead: row["is_read"]?.boolValue ?? false, createdAt: time)
    }

    /// A conversation row: `id, contact_id, contact_name, contact_phone, status,
    /// last_message_at, unread_count, created_at, updated_at`.
    static func conversation(_ row: JSONValue) throws(Missing) -> Conversation {
        let id = try string(row, "id")
        func date(_ key: String) -> Date? { row[key]?.stringValue.flatMap(Timestamp.parse) }
        guard let created = date("created_at") ?? date("updated_at") else { throw Missing(field: "created_at") }
        let updated = date("updated_at") ?? created
        let unread = row["unread_count"]?.intValue.map { WireCount.clamp($0) } ?? 0
        return Conversation(
            id: ConversationID(id), clientID: row["contact_id"]?.stringValue,
            status: row["status"]?.stringValue.flatMap(Conversation.Status.init(rawValue:)) ?? .active, channel: nil,
            priority: nil, summary: row["contact_name"]?.stringValue ?? row["contact_phone"]?.stringValue,
            unreadCount: unread, startDate: created, lastUpdate: max(date("last_message_at") ?? updated, updated),
            createdAt: created, updatedAt: updated)
    }

    static func sender(_ text: String?) -> Message.Sender {
        switch text {
        case "agent": .admin
        case "contact", "client": .client
        default: .system
        }
    }

    private static func string(_ row: JSONValue, _ key: String) throws(Missing) -> String {
        guard let value = row[key]?.stringValue, !value.isEmpty else { throw Missing(field: key) }
        return value
    }
}
