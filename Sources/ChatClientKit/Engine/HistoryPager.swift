import Foundation

/// One page of REST history: the newest `limit` messages older than `before` (the newest
/// of all when nil), oldest first.
public struct HistoryRequest: Sendable, Equatable {
    public var before: MessageID?
    public var limit: Int

    public init(before: MessageID?, limit: Int) {
        self.before = before
        self.limit = limit
    }
}

/// Pages back through a conversation's history after a (re)connect, as a value.
///
/// It asks for older pages until it has covered both the last message the client saw (so
/// nothing that arrived while offline is missed) and the time the oldest outbox entry was
/// first sent (so an entry the server stored before the connection dropped is recognised
/// and not sent again). Server and client clocks may disagree, so the time check keeps a
/// generous margin. The walk stops after `maxPages` and reports the gap.
struct HistoryPager: Sendable, Equatable {
    static let pageSize = 100
    static let maxPages = 20
    static let clockSkewMargin: TimeInterval = 600

    enum Step: Sendable, Equatable {
        case fetch(HistoryRequest)
        /// Everything collected, oldest first, and a sentence when the page cap cut it short.
        case done([Message], gap: String?)
    }

    let lastSeen: MessageID?
    let earliestAttempt: Date?
    private var collected: [Message] = []
    private var pages = 0

    init(lastSeen: MessageID?, earliestAttempt: Date?) {
        self.lastSeen = lastSeen
        self.earliestAttempt = earliestAttempt
    }

    /// The first page to fetch.
    var firstRequest: HistoryRequest { HistoryRequest(before: nil, limit: Self.pageSize) }

    /// Takes the page just fetched and says what to do next.
    mutating func received(_ page: [Message]) -> Step {
        collected.insert(contentsOf: page, at: 0)
        pages += 1
        guard page.count == Self.pageSize, let oldest = page.first, !isCovered(page: page, oldest: oldest) else {
            return .done(collected, gap: nil)
        }
        guard pages < Self.maxPages else {
            return .done(
                collected,
                gap: "more than \(Self.pageSize * Self.maxPages) messages arrived while offline; older ones were not fetched")
        }
        return .fetch(HistoryRequest(before: oldest.id, limit: Self.pageSize))
    }

    private func isCovered(page: [Message], oldest: Message) -> Bool {
        let sawLast = lastSeen.map { id in page.contains { $0.id == id } } ?? true
        let coversAttempts = earliestAttempt.map { oldest.timestamp < $0.addingTimeInterval(-Self.clockSkewMargin) } ?? true
        return sawLast && coversAttempts
    }
}
