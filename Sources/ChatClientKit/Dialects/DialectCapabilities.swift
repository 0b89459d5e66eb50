/// What an app can ask of a dialect's servers beyond its sockets, so it offers only what
/// works: a `rooms` server has no conversation API at all.
public struct DialectCapabilities: Sendable, Equatable {
    /// The server lists conversations (REST).
    public var listsConversations: Bool
    /// The list can be filtered by status and priority and searched on the server.
    public var filtersConversations: Bool
    /// Conversations can be created from the client.
    public var createsConversations: Bool
    /// A conversation can be closed and reopened from the client.
    public var changesStatus: Bool
    /// The most conversations the list can hold, when the server lists one page and no more.
    public var listLimit: Int?
    /// History pages end before a time rather than before a message id.
    public var pagesHistoryByTime: Bool
    /// Messages can be sent with a REST call (else only over the socket).
    public var sendsOverREST: Bool

    public init(
        listsConversations: Bool, filtersConversations: Bool, createsConversations: Bool, changesStatus: Bool,
        listLimit: Int? = nil, pagesHistoryByTime: Bool = false, sendsOverREST: Bool = false
    ) {
        self.listsConversations = listsConversations
        self.filtersConversations = filtersConversations
        self.createsConversations = createsConversations
        self.changesStatus = changesStatus
        self.listLimit = listLimit
        self.pagesHistoryByTime = pagesHistoryByTime
        self.sendsOverREST = sendsOverREST
    }

    /// Everything (the `conversations` dialect's REST API).
    public static let all = DialectCapabilities(
        listsConversations: true, filtersConversations: true, createsConversations: true, changesStatus: true,
        sendsOverREST: true)
    /// Nothing but the socket.
    public static let socketOnly = DialectCapabilities(
        listsConversations: false, filtersConversations: false, createsConversations: false, changesStatus: false)
}
