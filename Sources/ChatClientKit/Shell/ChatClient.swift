import Foundation
import Logging
import NIOPosix
import Synchronization

/// The entry point for apps: the conversation list through `directory` (and dialect-specific
/// REST calls through `api`), live conversations through `open(_:)`, one durable outbox and
/// one send budget per server and user.
public final class ChatClient: Sendable {
    public let settings: ClientSettings
    public let api: ChatAPI
    /// The list, a conversation, status changes and history, in the dialect's REST API.
    public let directory: any ConversationDirectory
    public let outbox: Outbox
    /// The thread this client's sockets and links run on (one SwiftNIO event loop). An app
    /// that runs its tasks with `withTaskExecutorPreference(client.executor)` gets its
    /// sessions' events on that thread, and its sends start there: a message never waits
    /// for another thread to wake up.
    public let executor: any TaskExecutor
    private let clock: any ChatClock
    private let logger: Logger
    private let service: any ConversationService
    /// The local history, for dialects whose servers keep none.
    private let journal: LocalHistory?
    /// What the links share: their shell's parts, and their machines' unchanging ones.
    private let links: LinkEnvironment
    private let linkSetup: LinkMachine.Setup
    /// The user's one link, for dialects that carry every conversation on one socket.
    private let userLink = Mutex<Link?>(nil)
    /// What happens on the user's socket (dialects with one): its state, assignments, the
    /// queue. For one consumer; the oldest are dropped beyond 1000 unread.
    public let events: AsyncStream<UserEvent>
    private let eventSink: AsyncStream<UserEvent>.Continuation

    /// - Parameters:
    ///   - typing: how long remote typing indicators stay up (an empty tracker whose
    ///     `expiry` and `stopGrace` every conversation copies).
    ///   - outboxPath: where the outbox lives; defaults to `ChatPaths().outbox(server:user:)`.
    ///   - transport: the sockets' I/O; WebSockets unless a test scripts it.
    ///   - service: history and read marks: the `directory`, or the local history on servers
    ///     that keep none, unless a test provides them.
    ///   - historyPath: where the local history lives on such servers; defaults to
    ///     `ChatPaths().localHistory(server:user:)`.
    public init(
        settings: ClientSettings, policy: ConnectionPolicy = .init(), limits: ClientLimits = .init(),
        typing: TypingTracker = TypingTracker(), outboxPath: String? = nil, clock: any ChatClock = SystemClock(),
        logger: Logger = Logger(label: "chat"), transport: (any LinkTransport)? = nil,
        service: (any ConversationService)? = nil, historyPath: String? = nil
    ) throws(ChatError) {
        self.settings = settings
        self.clock = clock
        self.logger = logger
        let path = outboxPath ?? ChatPaths().outbox(server: settings.server, user: settings.userID ?? "anonymous")
        do {
            outbox = try Outbox(path: path)
        } catch {
            throw .storage("cannot open the outbox at \(path): \(error)")
        }
        let api = try ChatAPI(settings: settings, clock: clock, logger: logger)
        self.api = api
        directory = settings.dialect.makeDirectory(api: api)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        executor = EventLoopExecutor(loop)
        let sockets: any LinkTransport
        if let transport {
            sockets = transport
        } else {
            sockets = try WebSocketTransport(
                server: settings.server, tls: try TLSSetup.configuration(caFile: settings.caFile),
                pingInterval: policy.pingInterval, eventLoop: loop)
        }
        if settings.dialect.shape.catchUp == .none {
            let path = historyPath ?? ChatPaths().localHistory(server: settings.server, user: settings.userID ?? "anonymous")
            do {
                journal = try LocalHistory(path: path)
            } catch {
                throw .storage("cannot open the local history at \(path): \(error)")
            }
        } else {
            journal = nil
        }
        let service = service ?? journal ?? directory
        self.service = service
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1000))
        linkSetup = LinkMachine.Setup(
            dialect: settings.dialect, policy: policy, limits: limits, typing: typing,
            epoch: Date().timeIntervalSince1970 - clock.now,
            credentials: SocketCredentials(token: settings.token?.value, userID: settings.userID))
        links = LinkEnvironment(
            settings: settings, budget: SharedBudget(limits: limits), transport: sockets, service: service,
            outbox: outbox, clock: clock, logger: logger, userEvents: eventSink, journal: journal,
            timers: LinkTimers(clock: clock), fetches: HistoryFetches(), executor: executor)
    }

    /// The clock the links use (for "reconnecting in N s").
    public var now: Double { clock.now }

    /// Starts a live session for a conversation; `customerID` (the customer's user id)
    /// lets a customer's message clear their typing indicator at once, and `backfill` says
    /// what it reports of the past.
    public func open(
        _ conversationID: ConversationID, customerID: String? = nil, backfill: Backfill = .latestPage
    ) async throws(ChatError) -> ConversationSession {
        let (events, continuation) = AsyncStream.makeStream(of: ConversationEvent.self, bufferingPolicy: .unbounded)
        return try await open(conversationID, customerID: customerID, backfill: backfill, events: events, sink: .stream(continuation))
    }

    /// Starts a live session whose events go to `handler` instead of `events` (which is
    /// empty and finished): the link calls it in order from inside its actor (on the
    /// client's thread, `executor`, for what arrives on the socket) and waits for it, so it
    /// must not block. For apps with thousands of sessions, each of which would otherwise
    /// hold a task iterating its stream.
    public func open(
        _ conversationID: ConversationID, customerID: String? = nil, backfill: Backfill = .latestPage,
        handler: @escaping @Sendable (ConversationEvent) -> Void
    ) async throws(ChatError) -> ConversationSession {
        let (events, continuation) = AsyncStream.makeStream(of: ConversationEvent.self)
        continuation.finish()
        return try await open(conversationID, customerID: customerID, backfill: backfill, events: events, sink: .handler(handler))
    }

    private func open(
        _ conversationID: ConversationID, customerID: String?, backfill: Backfill, events: AsyncStream<ConversationEvent>,
        sink: EventSink
    ) async throws(ChatError) -> ConversationSession {
        let id = try settings.dialect.validate(conversationID: conversationID.rawValue)
        let entries: [OutboxEntry]
        let sentBefore: Set<String>
        do {
            entries = try outbox.entries(conversationID: id)
            sentBefore = try outbox.sentClientIDs(conversationID: id)
        } catch {
            throw .storage("cannot read the outbox: \(error)")
        }
        let (link, isNew) = self.link(for: id)
        if !sentBefore.isEmpty { sink.yield(.sentBefore(sentBefore)) }
        await link.attach(id, customer: customerID, backfill: backfill, outbox: entries, events: sink)
        if isNew { await link.handle(.start) }
        return ConversationSession(
            conversationID: id, events: events, link: link, service: service, executor: executor)
    }

    /// The newest message of a conversation, from the server's history or the local record.
    public func newestMessage(in id: ConversationID) async throws(ChatError) -> Message? {
        try await service.messages(conversationID: id, limit: 1, before: nil).last
    }

    /// The conversations the client has a local record of (servers that keep no history),
    /// each with its newest message, newest first; empty on servers with history.
    public func recordedConversations() throws(ChatError) -> [Message] {
        try journal?.conversations() ?? []
    }

    /// Connects the user's socket now, without opening a conversation (dialects with one
    /// socket per user), so `events` reports assignments and the queue; a no-op otherwise.
    public func connect() async {
        guard settings.dialect.shape.topology == .socketPerUser else { return }
        let (link, isNew) = self.link(for: nil)
        if isNew { await link.handle(.start) }
    }

    /// Closes the user's link (if the dialect has one), moves the outbox's intake into its
    /// database and releases the HTTP client. Close sessions first.
    public func shutdown() async {
        if let link = userLink.withLock({ $0 }) { await link.shutdown() }
        do {
            try outbox.flush()
        } catch {
            logger.error("cannot update the outbox; its changes stay in its intake", metadata: ["error": "\(error)"])
        }
        eventSink.finish()
        links.timers.shutdown()
        await api.shutdown()
    }

    /// The link a conversation lives on (nil: the user's link), and whether it was just made.
    private func link(for id: ConversationID?) -> (Link, isNew: Bool) {
        switch (settings.dialect.shape.topology, id) {
        case (.socketPerConversation, let id?):
            return (makeLink(.conversation(id)), true)
        case (.socketPerConversation, nil), (.socketPerUser, _):
            return userLink.withLock { existing in
                if let existing { return (existing, false) }
                let link = makeLink(.user)
                existing = link
                return (link, true)
            }
        }
    }

    private func makeLink(_ socket: SocketKey) -> Link {
        Link(machine: LinkMachine(linkSetup, socket: socket), environment: links)
    }
}
