import Foundation
import Logging

/// The entry point for apps: REST calls through `api`, live conversations through
/// `open(_:)`, one durable outbox per server and user.
public final class ChatClient: Sendable {
    public let settings: ClientSettings
    public let api: ChatAPI
    public let outbox: Outbox
    private let policy: ConnectionPolicy
    private let limits: ClientLimits
    private let typing: TypingTracker
    private let clock: any ChatClock
    private let logger: Logger

    /// - Parameters:
    ///   - typing: how long remote typing indicators stay up (an empty tracker whose
    ///     `expiry` and `stopGrace` every session copies).
    ///   - outboxPath: where the outbox lives; defaults to `ChatPaths().outbox(server:user:)`.
    public init(
        settings: ClientSettings, policy: ConnectionPolicy = .init(), limits: ClientLimits = .init(),
        typing: TypingTracker = TypingTracker(), outboxPath: String? = nil, clock: any ChatClock = SystemClock(),
        logger: Logger = Logger(label: "chat")
    ) throws(ChatError) {
        self.settings = settings
        self.policy = policy
        self.limits = limits
        self.typing = typing
        self.clock = clock
        self.logger = logger
        let path = outboxPath ?? ChatPaths().outbox(server: settings.server, user: settings.token.subject ?? "anonymous")
        do {
            outbox = try Outbox(path: path)
        } catch {
            throw .usage("cannot open the outbox at \(path): \(error)")
        }
        api = try ChatAPI(settings: settings, clock: clock, logger: logger)
    }

    /// The clock the sessions use (for "reconnecting in N s").
    public var now: Double { clock.now }

    /// Starts a live session for a conversation; `customerID` lets a customer's message
    /// clear their typing indicator at once.
    public func open(_ conversationID: ConversationID, customerID: UUID? = nil) async throws(ChatError) -> ConversationSession {
        let session = try ConversationSession(
            conversationID: conversationID, customerID: customerID, settings: settings, api: api, outbox: outbox,
            policy: policy, limits: limits, typing: typing, clock: clock, logger: logger)
        await session.start()
        return session
    }

    /// Releases the HTTP client. Close sessions first.
    public func shutdown() async {
        await api.shutdown()
    }
}
