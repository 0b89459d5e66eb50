import Foundation

/// The REST API of `socketio` servers (PROTOCOLS.md §3): bare arrays of snake_case rows,
/// timestamps as history cursors, Express-style errors. Rows that lack what the client needs
/// are refused with an `.invalidResponse` naming the field.
public struct SocketIOAPI: ConversationDirectory {
    /// The most conversations these servers list at once; there is no second page.
    public static let maxListed = 100
    /// The most messages one history request returns.
    public static let maxPage = 1000

    let api: ChatAPI

    public init(api: ChatAPI) {
        self.api = api
    }

    /// The first page only (newest activity first), filtered by status at most: these
    /// servers neither page nor search. `hasNext` is false even when `limit` were returned.
    public func conversations(_ query: ConversationQuery) async throws(ChatError) -> Page<Conversation> {
        let limit = min(max(query.limit, 1), Self.maxListed)
        var items = [("limit", String(limit))]
        if let status = query.status { items.append(("status", status.rawValue)) }
        let rows: [JSONValue] = try await api.call(.GET, "/api/conversations", query: items)
        let conversations = try rows.map { row throws(ChatError) in try Self.conversation(row) }
        return Page(items: conversations, total: conversations.count, page: 1, limit: limit, hasNext: false)
    }

    public func conversation(_ id: ConversationID) async throws(ChatError) -> Conversation {
        try Self.conversation(try await api.call(.GET, Self.path(id)))
    }

    public func setStatus(_ id: ConversationID, _ status: Conversation.Status) async throws(ChatError) -> Conversation {
        let body = Data(#"{"status":"\#(status.rawValue)"}"#.utf8)
        return try Self.conversation(try await api.call(.PATCH, Self.path(id), body: body))
    }

    /// Oldest first: the newest `limit` older than `before`, or the oldest `limit` newer than
    /// `after` (paging forward), or the newest of all.
    public func messages(conversationID: ConversationID, limit: Int, before: Date? = nil, after: Date? = nil)
        async throws(ChatError) -> [Message]
    {
        var query = [("limit", String(min(max(limit, 1), Self.maxPage)))]
        if let before { query.append(("before", SocketIOCodec.timestamp(before))) }
        if let after { query.append(("after", SocketIOCodec.timestamp(after))) }
        let rows: [JSONValue] = try await api.call(.GET, Self.path(conversationID) + "/messages", query: query)
        return try rows.map { row throws(ChatError) in
            do throws(SocketIORows.Missing) {
                return try SocketIORows.message(row)
            } catch {
                throw .invalidResponse("a message from the server: \(error.reason)")
            }
        }
    }

    public func messages(conversationID: ConversationID, limit: Int, before: HistoryAnchor?) async throws(ChatError) -> [Message] {
        try await messages(conversationID: conversationID, limit: limit, before: before?.requireTimestamp(), after: nil)
    }

    /// Read marks go over the socket on these servers.
    public func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation? {
        nil
    }

    /// The socket has no per-conversation upgrade to refuse; a refused token is a CONNECT_ERROR.
    public func diagnoseRefusedUpgrade(of id: ConversationID) async -> ConnectFailure {
        .transient("the server refused the WebSocket upgrade")
    }

    private static func path(_ id: ConversationID) -> String {
        "/api/conversations/" + id.rawValue
    }

    private static func conversation(_ row: JSONValue) throws(ChatError) -> Conversation {
        do throws(SocketIORows.Missing) {
            return try SocketIORows.conversation(row)
        } catch {
            throw .invalidResponse("a conversation from the server: \(error.reason)")
        }
    }
}
