/// What a link and its sessions ask of a server outside the socket: history pages, read
/// marks, and why an upgrade was refused. `ChatAPI` serves the `conversations` dialect over
/// REST; `LocalHistory` serves dialects whose servers keep no history.
public protocol ConversationService: Sendable {
    /// The newest `limit` messages older than `before` (the newest of all when nil), oldest first.
    func messages(conversationID: ConversationID, limit: Int, before: HistoryAnchor?) async throws(ChatError) -> [Message]
    /// Marks the whole conversation read; the conversation as it now stands, when the server says.
    func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation?
    /// Why the server refused to open a conversation's socket (it does not say in the upgrade).
    func diagnoseRefusedUpgrade(of id: ConversationID) async -> ConnectFailure
}

extension ChatAPI: ConversationService {
    public func messages(conversationID: ConversationID, limit: Int, before: HistoryAnchor?) async throws(ChatError) -> [Message] {
        try await messages(conversationID: conversationID, limit: limit, before: before?.requireID())
    }

    public func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation? {
        try await markRead(id)
    }

    /// Asks the REST API about the conversation, which says whether the token or the id is wrong.
    public func diagnoseRefusedUpgrade(of id: ConversationID) async -> ConnectFailure {
        do {
            _ = try await conversation(id)
            return .transient("the server refused the WebSocket upgrade")
        } catch {
            switch error {
            case .unauthorized(let text), .forbidden(let text): return .unauthorized(text)
            case .notFound: return .notFound
            default: return .transient(error.description)
            }
        }
    }
}
