import Synchronization

/// The per-user limits of the dialects: message quotas (enforced by the store, which counts
/// the author's recent messages in the database, so they hold across instances) and typing
/// events (counted here, per instance, on the server's monotonic clock).
final class RateLimits: Sendable {
    private let conversationsQuota: MessageQuota
    private let roomsQuota: MessageQuota
    private let typing: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let clock = ContinuousClock()

    init(_ limits: ServerLimits, rooms: RoomsSettings) {
        conversationsQuota = MessageQuota(limit: limits.messagesPerWindow, window: limits.rateWindow)
        roomsQuota = MessageQuota(limit: rooms.messagesPerMinute, window: .seconds(60))
        typing = Mutex(RateLimiter(limit: limits.typingEventsPerWindow, window: limits.rateWindow))
    }

    /// The `conversations` quota for REST, its sockets and the demo; the rooms quota for rooms
    /// sockets; none for the rooms bot.
    func quota(for source: MessageSource) -> MessageQuota? {
        switch source {
        case .conversations: conversationsQuota
        case .roomsSocket, .remoteRooms: roomsQuota
        case .roomsBot: nil
        }
    }

    func typingEvent(from userID: String) -> RateLimiter<String, ContinuousClock.Instant>.Decision {
        let now = clock.now
        return typing.withLock { $0.attempt(userID, at: now) }
    }
}
