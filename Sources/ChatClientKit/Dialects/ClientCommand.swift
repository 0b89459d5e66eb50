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
    /// Ask for what was stored after `since`, for every conversation.
    case sync(since: SyncCursor)
}

/// Where a sync starts: the token the server gave with the last sync, or a time the client
/// chose (its first sync, or the next page of a full batch), which the codec writes in its
/// server's format.
public enum SyncCursor: Sendable, Equatable {
    case token(String)
    case time(Date)
}
