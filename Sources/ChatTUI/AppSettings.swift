import ChatClientKit

/// User preferences and tunables the update logic needs.
public struct AppSettings: Sendable, Equatable {
    /// Ring the terminal bell when a customer writes in a conversation that is not on screen.
    public var bell: Bool
    /// Seconds between refreshes of the conversation list.
    public var refreshInterval: Double
    /// Conversations per page of the list.
    public var listPageSize: Int
    public static let defaultListPageSize = 50
    /// Messages per page of history.
    public var historyPageSize: Int
    /// Seconds a notice stays in the status bar.
    public var noticeDuration: Double
    /// Whether undelivered messages are still there on the next start (false for the demo,
    /// whose outbox goes away with it).
    public var outboxOutlivesRun: Bool
    /// True when the server keeps no history: what the app shows of the past is its own record.
    public var historyIsLocal: Bool
    /// What the server offers beyond its sockets (listing, creating, closing conversations).
    public var capabilities: DialectCapabilities

    public init(
        bell: Bool = true, refreshInterval: Double = 5, listPageSize: Int = defaultListPageSize, historyPageSize: Int = 50,
        noticeDuration: Double = 6, outboxOutlivesRun: Bool = true, historyIsLocal: Bool = false,
        capabilities: DialectCapabilities = .all
    ) {
        self.bell = bell
        self.refreshInterval = refreshInterval
        self.listPageSize = listPageSize
        self.historyPageSize = historyPageSize
        self.noticeDuration = noticeDuration
        self.outboxOutlivesRun = outboxOutlivesRun
        self.historyIsLocal = historyIsLocal
        self.capabilities = capabilities
    }
}
