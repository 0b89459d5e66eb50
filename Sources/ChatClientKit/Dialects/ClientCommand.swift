import Foundation

/// What the client asks of a server, independent of the wire format.
public enum ClientCommand: Sendable, Equatable {
    /// Send an outbox entry (its client id travels with it).
    case send(OutboxEntry)
    case typing(ConversationID, isTyping: Bool)
    case markRead(ConversationID, [MessageID])
    /// Join a conversation on a per-user socket.
    case join(ConversationID)
    /// The client's keep-alive on servers that expect one.
    case heartbeat
}
