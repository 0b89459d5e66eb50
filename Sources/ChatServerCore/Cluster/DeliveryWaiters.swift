import ChatModel

/// Who waits for which message to reach this instance's sockets, and which messages did
/// lately: the poster of a message on a cluster instance waits for its delivery here, so what
/// it does next (the rooms bot's answer, an escalation, a REST response) follows it, as on a
/// single instance. Bounded: a waiter gives up after a deadline, and only the latest
/// `capacity` deliveries are remembered.
struct DeliveryWaiters<Waiter> {
    let capacity: Int
    private var recent: Set<MessageID> = []
    private var order: [MessageID] = []
    private var waiters: [MessageID: [(token: Int, waiter: Waiter)]] = [:]
    private var nextToken = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Registers a waiter for `id`; nil when the message was already delivered (do not wait),
    /// else a token to give up with.
    mutating func wait(for id: MessageID, _ waiter: Waiter) -> Int? {
        guard !recent.contains(id) else { return nil }
        nextToken += 1
        waiters[id, default: []].append((nextToken, waiter))
        return nextToken
    }

    /// The waiter with `token`, if it still waits (its deadline passed).
    mutating func giveUp(_ id: MessageID, token: Int) -> Waiter? {
        guard let index = waiters[id]?.firstIndex(where: { $0.token == token }) else { return nil }
        let waiter = waiters[id]?.remove(at: index).waiter
        if waiters[id]?.isEmpty == true { waiters.removeValue(forKey: id) }
        return waiter
    }

    /// `id` reached the sockets here: its waiters, to resume.
    mutating func delivered(_ id: MessageID) -> [Waiter] {
        recent.insert(id)
        order.append(id)
        if order.count > capacity {
            let dropped = order.count - capacity
            order[..<dropped].forEach { recent.remove($0) }
            order.removeFirst(dropped)
        }
        return (waiters.removeValue(forKey: id) ?? []).map(\.waiter)
    }
}
