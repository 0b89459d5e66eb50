import ChatModel

/// The rooms sockets of messages posted here and not yet delivered, so that when the
/// message comes back through the database the author's socket gets `message_sent` (already
/// sent) and not its own `message`. Bounded: the oldest entries give way (their message
/// was then delivered long ago, or to no socket here).
struct PendingOrigins: Sendable {
    let capacity: Int
    private var sources: [MessageID: MessageSource] = [:]
    private var order: [MessageID] = []
    private var head = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { sources.count }

    mutating func insert(_ id: MessageID, _ source: MessageSource) {
        sources[id] = source
        order.append(id)
        while sources.count > capacity, head < order.count {
            sources.removeValue(forKey: order[head])
            head += 1
        }
        if order.count - head > 2 * capacity || head > capacity {
            order = order[head...].filter { sources[$0] != nil }
            head = 0
        }
    }

    /// The source recorded for `id`, removing it.
    mutating func take(_ id: MessageID) -> MessageSource? {
        sources.removeValue(forKey: id)
    }
}
