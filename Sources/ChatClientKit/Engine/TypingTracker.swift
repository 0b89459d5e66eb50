/// Who is typing in a conversation, from the server's `user_typing` and
/// `user_stopped_typing` events.
///
/// After a stop the user stays visible for `stopGrace` seconds, so a sender whose starts
/// are throttled to one every few seconds does not make the indicator flicker; with no
/// event at all a user disappears `expiry` seconds after the last start (servers that never
/// send a stop). A message from the user clears them at once. At most `maxUsers` are
/// tracked: a start from anyone else is ignored until one of them is gone.
public struct TypingTracker: Sendable, Equatable {
    public static let maxUsers = 20
    public let expiry: Double
    public let stopGrace: Double
    private var hideAt: [String: Double] = [:]
    private var order: [String] = []

    public init(expiry: Double = 8, stopGrace: Double = 4) {
        self.expiry = expiry
        self.stopGrace = stopGrace
    }

    public mutating func started(_ user: String, now: Double) {
        if hideAt[user] == nil {
            prune(now: now)
            guard order.count < Self.maxUsers else { return }
            order.append(user)
        }
        hideAt[user] = now + expiry
    }

    public mutating func stopped(_ user: String, now: Double) {
        guard let current = hideAt[user] else { return }
        hideAt[user] = min(current, now + stopGrace)
    }

    /// The user sent a message: hide them now.
    public mutating func clear(_ user: String) {
        hideAt[user] = nil
        order.removeAll { $0 == user }
    }

    /// Users to show at `now`, in the order they started typing.
    public func typingUsers(now: Double) -> [String] {
        order.filter { (hideAt[$0] ?? 0) > now }
    }

    /// Forgets users whose indicator has expired.
    public mutating func prune(now: Double) {
        for user in order where (hideAt[user] ?? 0) <= now { hideAt[user] = nil }
        order.removeAll { hideAt[$0] == nil }
    }

    /// When the visible set changes next on its own, if ever.
    public var nextChange: Double? { hideAt.values.min() }
}
