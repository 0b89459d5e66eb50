import Logging

/// What every link of a client shares, held once: a link keeps one reference to it rather
/// than a copy of each part, and builds its socket's URL when it connects rather than
/// keeping it (a client may hold thousands of links).
final class LinkEnvironment: Sendable {
    let settings: ClientSettings
    let budget: SharedBudget
    let transport: any LinkTransport
    let service: any ConversationService
    let outbox: Outbox
    let clock: any ChatClock
    let logger: Logger
    let userEvents: AsyncStream<UserEvent>.Continuation
    /// Where seen messages are kept, for servers that keep no history.
    let journal: LocalHistory?
    let timers: LinkTimers
    let fetches: HistoryFetches
    /// Where the links' own tasks run: the loop of their sockets.
    let executor: any TaskExecutor

    init(
        settings: ClientSettings, budget: SharedBudget, transport: any LinkTransport, service: any ConversationService,
        outbox: Outbox, clock: any ChatClock, logger: Logger, userEvents: AsyncStream<UserEvent>.Continuation,
        journal: LocalHistory?, timers: LinkTimers, fetches: HistoryFetches, executor: any TaskExecutor
    ) {
        self.settings = settings
        self.budget = budget
        self.transport = transport
        self.service = service
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
        self.userEvents = userEvents
        self.journal = journal
        self.timers = timers
        self.fetches = fetches
        self.executor = executor
    }

    func socketURL(for socket: SocketKey) -> String {
        settings.dialect.socketURL(for: socket, settings: settings)
    }

    /// The client's logger, naming the conversation of a per-conversation link.
    func logger(for socket: SocketKey) -> Logger {
        var logger = self.logger
        if case .conversation(let id) = socket { logger[metadataKey: "conversation"] = "\(id.rawValue)" }
        return logger
    }
}
