import Foundation

/// The `socketio` dialect (PROTOCOLS.md §3, seeds 002/004): Socket.IO v5 over Engine.IO v4 on
/// one socket per user at `/socket.io/?EIO=4&transport=websocket`; the token goes in the
/// CONNECT packet, the user registers, sent messages are confirmed by correlated acks,
/// and a reconnect catches up with one `sync_request` for every conversation.
public struct SocketIODialect: Dialect {
    public let name = "socketio"

    /// No close code has a meaning: Engine.IO closes with 1000 on a ping timeout too, and a
    /// refused token is a CONNECT_ERROR packet, not a close.
    public let shape = DialectShape(
        topology: .socketPerUser, acknowledgement: .correlatedAck, catchUp: .socketSync, closeCodes: [:],
        readMarks: .socket)

    /// A conversation list (one page, newest activity first) and status changes over REST;
    /// no filters, no creation.
    public let capabilities = DialectCapabilities(
        listsConversations: true, filtersConversations: false, createsConversations: false, changesStatus: true,
        listLimit: SocketIOAPI.maxListed, pagesHistoryByTime: true)

    public let requiresToken = true

    public init() {}

    /// `register` names the user: the token's `sub`, or `--user`.
    public func checkIdentity(of settings: ClientSettings) throws(ChatError) {
        try OpaqueID.checkUser(of: settings, dialect: name, how: "use a token whose sub names the user, or pass --user ID")
    }

    /// The token is not in the URL: the CONNECT packet carries it.
    public func socketURL(for socket: SocketKey, settings: ClientSettings) -> String {
        settings.server.socketURL("/socket.io/", query: [("EIO", "4"), ("transport", "websocket")])
    }

    public func makeCodec(for socket: SocketKey, credentials: SocketCredentials) -> any DialectCodec {
        SocketIOCodec(token: credentials.token, userID: credentials.userID ?? "")
    }

    /// Conversation ids are opaque strings on these servers.
    public func makeDirectory(api: ChatAPI) -> any ConversationDirectory {
        SocketIOAPI(api: api)
    }

    public func validate(conversationID text: String) throws(ChatError) -> ConversationID {
        try OpaqueID.conversation(text, noun: "conversation id")
    }
}
