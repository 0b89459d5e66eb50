/// What a link and its sessions ask of a server outside the socket: history pages, read
/// marks, and whether a conversation exists (to explain a refused upgrade).
public protocol ConversationService: Sendable {
    /// The newest `limit` messages older than `before` (the newest of all when nil), oldest first.
    func messages(conversationID: ConversationID, limit: Int, before: MessageID?) async throws(ChatError) -> [Message]
    /// Marks the whole conversation read.
    func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation
    func conversation(_ id: ConversationID) async throws(ChatError) -> Conversation
}

extension ChatAPI: ConversationService {}
