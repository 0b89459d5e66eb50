import Foundation

/// What a server tells the user rather than one conversation, on servers that have a user
/// socket: assignments, the agents' queue, broadcasts.
public enum ServerNotice: Sendable, Equatable {
    /// A conversation was assigned to an agent (this user, on an agent's socket).
    case assigned(ConversationID, agent: String, clientName: String?)
    /// The agents' queue changed: its size, and the conversation that just joined it.
    case queue(size: Int, newConversation: ConversationID?)
    /// A customer's place in the queue.
    case queuePosition(Int, estimatedWait: String?)
    /// A system message to everyone, a role or a room.
    case system(String)
    /// A conversation changed (status, last message, unread count).
    case conversationUpdated(Conversation)
    /// A notification for the user: its title, text and level (info, success, warning, error).
    case notification(title: String, message: String, level: String)
}

/// What happens on the user's socket rather than in one conversation (dialects with one
/// socket per user), as `ChatClient.events` delivers it.
public enum UserEvent: Sendable, Equatable {
    case notice(ServerNotice)
    /// The user socket's connection state changed.
    case connection(ConnectionState)
}
