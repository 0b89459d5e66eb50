import Synchronization

/// The per-user limits of the dialects (messages, typing events), on the server's monotonic clock.
final class RateLimits: Sendable {
    private let messages: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let roomMessages: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let typing: Mutex<RateLimiter<String, ContinuousClock.Instant>>
    private let clock = ContinuousClock()

    init(_ limits: ServerLimits, rooms: RoomsSettings) {
        messages = Mutex(RateLimiter(limit: limits.messagesPerWindow, window: limits.rateWindow))
        roomMessages = Mutex(RateLimiter(limit: rooms.messagesPerMinute, window: .seconds(60)))
        typing = Mutex(RateLimiter(limit: limits.typingEventsPerWindow, window: limits.rateWindow))
    }

    /// The `conversations` limit for REST, its sockets and the demo; the rooms limit for rooms
    /// sockets; none for the rooms bot.
    func message(from userID: String, source: MessageSource) -> RateLimiter<String, ContinuousClock.Instant>.Decision {
        let now = clock.now
        switch source {
        case .conversations: return messages.withLock { $0.attempt(userID, at: now) }
        case .roomsSocket: return roomMessages.withLock { $0.attempt(userID, at: now) }
        case .roomsBot: return .allowed
        }
    }

    func typingEvent(from userID: String) -> RateLimiter<String, ContinuousClock.Instant>.Decision {
        let now = clock.now
        return typing.withLock { $0.attempt(userID, at: now) }
    }
}
