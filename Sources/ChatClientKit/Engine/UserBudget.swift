/// What one user may still send to one server within the server's windows. The servers
/// count messages and typing events per user, not per socket, so every socket of a user
/// draws on one budget (`ChatClient` shares it between its links).
public struct UserBudget: Sendable, Equatable {
    public var messages: SlidingWindowLimiter
    public var typing: SlidingWindowLimiter

    public init(limits: ClientLimits = .init()) {
        messages = SlidingWindowLimiter(limit: limits.messagesPerMinute, window: 60, margin: 1)
        typing = SlidingWindowLimiter(limit: limits.typingPerMinute, window: 60, margin: 1)
    }
}
