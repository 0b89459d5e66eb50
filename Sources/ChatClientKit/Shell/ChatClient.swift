import Foundation
import Logging
import Synchronization

/// The entry point for apps: REST calls through `api`, live conversations through
/// `open(_:)`, one durable outbox and one send budget per server and user.
public final class ChatClient: Sendable {
    public let settings: ClientSettings
    public let api: ChatAPI
    public let outbox: Outbox
    private let policy: ConnectionPolicy
    private let limits: ClientLimits
    private let typing: TypingTracker
    private let clock: any ChatClock
    private let logger: Logger
    private let transport: any LinkTransport
    private let service: any ConversationService
    private let budget: SharedBudget
    /// The user's one link, for dialects that carry every conversation on one socket.
    private let userLink = Mutex<Link?>(nil)

    /// - Parameters:
    ///   - typing: how long remote typing indicators stay up (an empty tracker whose
    ///     `expiry` and `stopGrace` every conversation copies).
    ///   - outboxPath: where the outbox lives; defaults to `ChatPaths().outbox(server:user:)`.
    ///   - transport: the sockets' I/O; WebSockets unless a test scripts it.
    ///   - service: history and read marks; the REST `api` unless a test provides them.
    public init(
        settings: ClientSettings, policy: ConnectionPolicy = .init(), limits: ClientLimits = .init(),
        typing: TypingTracker = TypingTracker(), outboxPath: String? = nil, clock: any ChatClock = SystemClock(),
        logger: Logger = Logger(label: "chat"), transport: (any LinkTransport)? = nil,
        service: (any ConversationService)? = nil
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
            throw .storage("cannot open the outbox at \(path): \(error)")
        }
        let api = try ChatAPI(settings: settings, clock: clock, logger: logger)
        self.api = api
        if let transport {
            self.transport = transport
        } else {
            self.transport = WebSocketTransport(
                server: settings.server, tls: try TLSSetup.configuration(caFile: settings.caFile),
                pingInterval: policy.pingInterval, logger: logger)
        }
        self.service = service ?? api
        budget = SharedBudget(limits: limits)
    }

    /// The clock the links use (for "reconnecting in N s").
    public var now: Double { clock.now }

    /// Starts a live session for a conversation; `customerID` (the customer's user id)
    /// lets a customer's message clear their typing indicator at once.
    public func open(_ conversationID: ConversationID, customerID: String? = nil) async throws(ChatError) -> ConversationSession {
        let id = try settings.dialect.validate(conversationID: conversationID.rawValue)
        let entries: [OutboxEntry]
        do {
            entries = try outbox.entries(conversationID: id)
        } catch {
            throw .storage("cannot read the outbox: \(error)")
        }
        let (link, isNew) = self.link(for: id)
        let (events, continuation) = AsyncStream.makeStream(of: ConversationEvent.self, bufferingPolicy: .unbounded)
        await link.attach(id, customer: customerID, outbox: entries, events: continuation)
        if isNew { await link.handle(.start) }
        return ConversationSession(conversationID: id, events: events, link: link, outbox: outbox, service: service)
    }

    /// Closes the user's link (if the dialect has one) and releases the HTTP client. Close
    /// sessions first.
    public func shutdown() async {
        if let link = userLink.withLock({ $0 }) { await link.shutdown() }
        await api.shutdown()
    }

    /// The link a conversation lives on, and whether it was just made.
    private func link(for id: ConversationID) -> (Link, isNew: Bool) {
        switch settings.dialect.shape.topology {
        case .socketPerConversation:
            return (makeLink(.conversation(id)), true)
        case .socketPerUser:
            return userLink.withLock { existing in
                if let existing { return (existing, false) }
                let link = makeLink(.user)
                existing = link
                return (link, true)
            }
        }
    }

    private func makeLink(_ socket: SocketKey) -> Link {
        var logger = self.logger
        if case .conversation(let id) = socket { logger[metadataKey: "conversation"] = "\(id.rawValue)" }
        let machine = LinkMachine(
            dialect: settings.dialect, socket: socket, policy: policy, limits: limits, typing: typing,
            epoch: Date().timeIntervalSince1970 - clock.now)
        return Link(
            machine: machine, url: settings.dialect.socketURL(server: settings.server, socket: socket, token: settings.token.value),
            budget: budget, transport: transport, service: service, outbox: outbox, clock: clock, logger: logger)
    }
}
