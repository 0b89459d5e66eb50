import Foundation

/// Fetches the history a session needs after (re)connecting.
///
/// It pages back from the newest message until it has covered both the last message the
/// session saw (so nothing that arrived while offline is missed) and the time the oldest
/// outbox entry was first sent (so an entry the server stored before the connection
/// dropped is recognised and not sent again). Server and client clocks may disagree, so
/// the time check keeps a generous margin.
enum HistorySync {
    static let pageSize = 100
    static let maxPages = 20
    static let clockSkewMargin: TimeInterval = 600

    struct Result {
        /// Oldest first.
        let messages: [Message]
        /// Set when the page cap stopped the walk before it covered what it needed.
        let gap: String?
    }

    static func fetch(api: ChatAPI, conversationID: ConversationID, lastSeen: MessageID?, earliestAttempt: Date?)
        async throws(ChatError) -> Result
    {
        var collected: [Message] = []
        var before: MessageID?
        for _ in 0..<maxPages {
            let page = try await api.messages(conversationID: conversationID, limit: pageSize, before: before)
            collected.insert(contentsOf: page, at: 0)
            guard page.count == pageSize, let oldest = page.first else { return Result(messages: collected, gap: nil) }
            if isCovered(page: page, oldest: oldest, lastSeen: lastSeen, earliestAttempt: earliestAttempt) {
                return Result(messages: collected, gap: nil)
            }
            before = oldest.id
        }
        return Result(
            messages: collected,
            gap: "more than \(pageSize * maxPages) messages arrived while offline; older ones were not fetched")
    }

    static func isCovered(page: [Message], oldest: Message, lastSeen: MessageID?, earliestAttempt: Date?) -> Bool {
        let sawLast = lastSeen.map { id in page.contains { $0.id == id } } ?? true
        let coversAttempts = earliestAttempt.map { oldest.timestamp < $0.addingTimeInterval(-clockSkewMargin) } ?? true
        return sawLast && coversAttempts
    }
}
