import Foundation

/// One page of history: the newest `limit` messages older than `before` (the newest of all
/// when nil), oldest first.
public struct HistoryRequest: Sendable, Equatable {
    public var before: HistoryAnchor?
    public var limit: Int

    public init(before: HistoryAnchor?, limit: Int) {
        self.before = before
        self.limit = limit
    }
}

/// Where a history page ends: a message's id (for servers that page by id), its time (for
/// those that page by time), or both, as a message knows them.
public struct HistoryAnchor: Sendable, Hashable {
    public var id: MessageID?
    public var timestamp: Date?

    public init(id: MessageID? = nil, timestamp: Date? = nil) {
        self.id = id
        self.timestamp = timestamp
    }

    /// The id, for a server that pages by id; a usage error when only a time is known.
    public func requireID() throws(ChatError) -> MessageID {
        guard let id else { throw .usage("this server pages history by message id, not by time") }
        return id
    }

    /// The time, for a server that pages by time; a usage error when only an id is known.
    public func requireTimestamp() throws(ChatError) -> Date {
        guard let timestamp else { throw .usage("this server pages history by time (an ISO 8601 timestamp), not by message id") }
        return timestamp
    }
}

extension Message {
    /// This message as the end of an older page.
    public var anchor: HistoryAnchor { HistoryAnchor(id: id, timestamp: timestamp) }
}

/// Pages back through a conversation's history after a (re)connect, as a value.
///
/// It asks for older pages until it has covered both the last message the client saw (so
/// nothing that arrived while offline is missed) and the time the oldest outbox entry was
/// first sent (so an entry the server stored before the connection dropped is recognised
/// and not sent again). Server and client clocks may disagree, so the time check keeps a
/// generous margin. The walk stops after `maxPages`, or at a page with nothing new (a server
/// that ignores the cursor), and reports the gap.
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
    private var seen: Set<MessageID> = []
    private var pages = 0

    init(lastSeen: MessageID?, earliestAttempt: Date?) {
        self.lastSeen = lastSeen
        self.earliestAttempt = earliestAttempt
    }

    /// The first page to fetch.
    var firstRequest: HistoryRequest { HistoryRequest(before: nil, limit: Self.pageSize) }

    /// Takes the page just fetched and says what to do next.
    mutating func received(_ page: [Message]) -> Step {
        let fresh = page.filter { seen.insert($0.id).inserted }
        collected.insert(contentsOf: fresh, at: 0)
        pages += 1
        if fresh.isEmpty, !page.isEmpty {
            return .done(collected, gap: "the server sent the same page of history again; older messages were not fetched")
        }
        guard page.count == Self.pageSize, let oldest = page.first, !isCovered(page: page, oldest: oldest) else {
            return .done(collected, gap: nil)
        }
        guard pages < Self.maxPages else {
            return .done(
                collected,
                gap: "more than \(Self.pageSize * Self.maxPages) messages arrived while offline; older ones were not fetched")
        }
        return .fetch(HistoryRequest(before: oldest.anchor, limit: Self.pageSize))
    }

    private func isCovered(page: [Message], oldest: Message) -> Bool {
        let sawLast = lastSeen.map { id in page.contains { $0.id == id } } ?? true
        let coversAttempts = earliestAttempt.map { oldest.timestamp < $0.addingTimeInterval(-Self.clockSkewMargin) } ?? true
        return sawLast && coversAttempts
    }
}
