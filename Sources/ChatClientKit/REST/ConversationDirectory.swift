/// A server's conversations outside the socket, whatever its dialect: the list, one
/// conversation, its status, and (as a `ConversationService`) its history. `ChatClient`
/// picks the right one: `ChatAPI` on `conversations` servers, `SocketIOAPI` on `socketio` ones.
public protocol ConversationDirectory: ConversationService {
    /// A page of the list, newest activity first; a server that cannot filter or page
    /// ignores what it cannot do (`DialectCapabilities` says which).
    func conversations(_ query: ConversationQuery) async throws(ChatError) -> Page<Conversation>
    func conversation(_ id: ConversationID) async throws(ChatError) -> Conversation
    func setStatus(_ id: ConversationID, _ status: Conversation.Status) async throws(ChatError) -> Conversation
}

extension ChatAPI: ConversationDirectory {}
