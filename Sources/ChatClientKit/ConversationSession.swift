import Foundation
import Logging
import NIOSSL
import WSClient

/// One conversation's live connection: the socket, reconnection, sync after reconnect,
/// outbox delivery and typing, driven by the pure `ConnectionMachine`, `Courier`,
/// `TypingThrottle` and `TypingTracker`. This actor is the thin shell that owns the
/// socket and the timer and performs what those values decide.
///
/// Call `close()` when done: a running socket keeps its session alive.
public actor ConversationSession {
    public nonisolated let conversationID: ConversationID
    /// Everything that happens, for one consumer (the app).
    public nonisolated let events: AsyncStream<ConversationEvent>

    private let settings: ClientSettings
    private let api: ChatAPI
    private let outbox: Outbox
    private let clock: any ChatClock
    private let logger: Logger
    private let tls: TLSConfiguration
    private let continuation: AsyncStream<ConversationEvent>.Continuation
    private let customerID: UUID?

    private var machine: ConnectionMachine
    private var courier: Courier
    /// This conversation's outbox as last written to disk, in order: what `.outbox` events
    /// publish, without reading the database back on every change.
    private var entries: [OutboxEntry] = []
    private var typingOut: TypingThrottle
    private var typingIn: TypingTracker
    private var known: Timeline
    private var socket: Socket?
    private var timer: Task<Void, Never>?
    private var lastTyping: [String] = []
    private var publishedState = ConnectionState.idle

    /// The socket of the current attempt: its task, its ordered write queue, and the
    /// writer for the close handshake once it has upgraded.
    private struct Socket {
        let id: Int
        let task: Task<Void, Never>
        let outgoing: AsyncStream<WebSocketOutboundWriter.OutboundFrame>.Continuation
        var writer: WebSocketOutboundWriter?
    }

    init(
        conversationID: ConversationID, customerID: UUID?, settings: ClientSettings, api: ChatAPI, outbox: Outbox,
        policy: ConnectionPolicy, limits: ClientLimits, typing: TypingTracker, clock: any ChatClock, logger: Logger
    ) throws(ChatError) {
        self.conversationID = conversationID
        self.customerID = customerID
        self.settings = settings
        self.api = api
        self.outbox = outbox
        self.clock = clock
        var logger = logger
        logger[metadataKey: "conversation"] = "\(conversationID.rawValue)"
        self.logger = logger
        tls = try TLSSetup.configuration(caFile: settings.caFile)
        machine = ConnectionMachine(policy: policy)
        courier = Courier(messageLimit: limits.messagesPerMinute, ackTimeout: limits.ackTimeout)
        typingOut = TypingThrottle(limit: limits.typingPerMinute)
        typingIn = typing
        known = Timeline()
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    // MARK: App API

    /// Loads the outbox and connects.
    public func start() {
        entries = (try? outbox.entries(conversationID: conversationID)) ?? []
        for entry in entries { courier.enqueue(entry) }
        publishOutbox()
        perform(machine.start(now: clock.now))
    }

    /// Queues a message: it is on disk before this returns, and goes out when connected.
    @discardableResult
    public func send(_ content: String, kind: Message.Kind = .text) throws(ChatError) -> OutboxEntry {
        let entry: OutboxEntry
        do {
            entry = try outbox.add(conversationID: conversationID, content: content, kind: kind)
        } catch {
            throw .usage("cannot write the outbox: \(error)")
        }
        deliver(entry)
        return entry
    }

    /// Hands over a message the app already wrote to the outbox (`ChatClient.outbox.add`),
    /// e.g. synchronously on its UI thread so it is on disk before anything else happens.
    public func deliver(_ entry: OutboxEntry) {
        if !entries.contains(where: { $0.id == entry.id }) { entries.append(entry) }
        courier.enqueue(entry)
        typingOut.sent()
        publishOutbox()
        pump()
    }

    /// Retries a failed message (e.g. after the conversation was reopened).
    public func retry(_ clientID: String) {
        guard let index = entries.firstIndex(where: { $0.id == clientID }) else { return }
        try? outbox.retry(clientID)
        entries[index].state = .pending
        courier.enqueue(entries[index])
        publishOutbox()
        pump()
    }

    /// Drops a failed message from the outbox.
    public func discard(_ clientID: String) {
        try? outbox.remove([clientID])
        entries.removeAll { $0.id == clientID }
        publishOutbox()
    }

    /// The user typed a key in this conversation's input.
    public func userTyped() {
        guard courier.inFlight == nil, let signal = typingOut.keystroke(now: clock.now) else { return }
        write(signal == .start ? .typingStart : .typingStop)
    }

    /// The user cleared the input without sending.
    public func userClearedInput() {
        guard let signal = typingOut.cleared(now: clock.now) else { return }
        write(signal == .start ? .typingStart : .typingStop)
    }

    /// Up to `limit` messages older than `before`, oldest first (REST).
    public func loadOlder(before: MessageID, limit: Int = 50) async throws(ChatError) -> [Message] {
        try await api.messages(conversationID: conversationID, limit: limit, before: before)
    }

    /// Marks the whole conversation read on the server.
    public func markRead() async throws(ChatError) -> Conversation {
        try await api.markConversationRead(conversationID)
    }

    /// Reconnects now (manual retry, also after an authentication failure).
    public func reconnect() {
        perform(machine.reconnect(now: clock.now))
    }

    /// Closes the socket for good and ends the event stream. The outbox is kept.
    public func close() async {
        if let writer = socket?.writer {
            try? await writer.close(.normalClosure, reason: "client closed")
        }
        perform(machine.close())
        timer?.cancel()
        continuation.finish()
    }

    /// The current connection state.
    public var state: ConnectionState { machine.state }

    // MARK: Machine actions

    private func perform(_ actions: [ConnectionMachine.Action]) {
        for action in actions {
            switch action {
            case .connect(let id):
                openSocket(id)
            case .disconnect(let id, let reason):
                logger.info("dropping connection", metadata: ["reason": "\(reason)"])
                if socket?.id == id { dropSocket() }
                courier.disconnected()
            }
        }
        publishState()
        armTimer()
    }

    private func publishState() {
        guard machine.state != publishedState else { return }
        publishedState = machine.state
        logger.info("connection state", metadata: ["state": "\(machine.state)"])
        continuation.yield(.state(machine.state))
    }

    private func dropSocket() {
        socket?.outgoing.finish()
        socket?.task.cancel()
        socket = nil
    }

    private func openSocket(_ id: Int) {
        dropSocket()
        let (outgoing, writes) = AsyncStream.makeStream(
            of: WebSocketOutboundWriter.OutboundFrame.self, bufferingPolicy: .unbounded)
        let transport = WebSocketTransport(
            url: settings.dialect.socketURL(server: settings.server, conversationID: conversationID, token: settings.token.value),
            tls: tls, pingInterval: machine.policy.pingInterval, logger: logger)
        let task = Task {
            do {
                let ending = try await transport.run(
                    outgoing: outgoing,
                    opened: { writer in await self.opened(id, writer) },
                    received: { message in
                        if case .text(let text) = message { await self.received(id, text) }
                    })
                self.ended(id, code: ending.code, reason: ending.reason)
            } catch {
                await self.failed(id, error)
            }
        }
        socket = Socket(id: id, task: task, outgoing: writes)
    }

    private func opened(_ id: Int, _ writer: WebSocketOutboundWriter) {
        guard socket?.id == id else { return }
        socket?.writer = writer
    }

    private func ended(_ id: Int, code: Int?, reason: String?) {
        logger.info("socket closed", metadata: ["code": "\(code.map(String.init) ?? "none")", "reason": "\(reason ?? "")"])
        if socket?.id == id {
            dropSocket()
            courier.disconnected()
        }
        perform(machine.closed(id: id, code: code, reason: reason, now: clock.now))
    }

    private func failed(_ id: Int, _ error: any Error) async {
        guard socket?.id == id else { return }
        dropSocket()
        courier.disconnected()
        let failure = await classify(error)
        logger.info("connection failed", metadata: ["error": "\(failure)"])
        if case .connecting = machine.state {
            perform(machine.connectFailed(id: id, failure, now: clock.now))
        } else {
            perform(machine.closed(id: id, code: nil, reason: nil, now: clock.now))
        }
    }

    /// A refused upgrade does not say why; ask the REST API, which does.
    private func classify(_ error: any Error) async -> ConnectFailure {
        guard let wsError = error as? WebSocketClientError, wsError == .webSocketUpgradeFailed else {
            return .transient(TransportErrors.classify(error, server: settings.server).description)
        }
        do {
            _ = try await api.conversation(conversationID)
            return .transient("the server refused the WebSocket upgrade")
        } catch {
            switch error {
            case .unauthorized(let text), .forbidden(let text): return .unauthorized(text)
            case .notFound: return .notFound
            default: return .transient(error.description)
            }
        }
    }

    // MARK: Frames

    private func received(_ id: Int, _ text: String) {
        guard socket?.id == id else { return }
        machine.inbound(id: id, now: clock.now)
        switch settings.dialect.decode(text) {
        case .connected(_, let user):
            logger.info("joined", metadata: ["user": "\(user)"])
            perform(machine.connected(id: id, now: clock.now))
            Task { await self.sync(id) }
        case .newMessage(let message):
            report([message])
            if let clientID = message.clientMessageID { apply(courier.echoed(clientID)) }
            if message.sender == .client, let customerID {
                typingIn.clear(customerID.wireString)
                publishTyping()
            }
        case .typing(let user, let isTyping):
            if isTyping { typingIn.started(user, now: clock.now) } else { typingIn.stopped(user, now: clock.now) }
            publishTyping()
        case .presence(let user, let online):
            continuation.yield(.presence(userID: user, online: online))
        case .error(let error):
            logger.warning("server error frame", metadata: ["error": "\(error.message)"])
            continuation.yield(.serverError(error))
            apply(courier.serverError(error, now: clock.now))
        case .ping:
            break
        case .unrecognized(let raw, let reason):
            logger.warning("unrecognized frame", metadata: ["reason": "\(reason)", "frame": "\(raw.prefix(200))"])
            continuation.yield(.unrecognized(raw: raw, reason: reason))
        }
        pump()
        armTimer()
    }

    /// After (re)connecting: fetch what arrived meanwhile, confirm outbox entries the
    /// server already has, then let the courier resume.
    private func sync(_ id: Int) async {
        let attempted = entries.filter { $0.state == .pending }.compactMap(\.firstAttemptAt).min()
        do {
            let result = try await HistorySync.fetch(
                api: api, conversationID: conversationID, lastSeen: known.newest?.id, earliestAttempt: attempted)
            guard socket?.id == id, machine.state == .connected else { return }
            report(result.messages)
            if let gap = result.gap { continuation.yield(.gap(gap)) }
            let seen = Set(result.messages.compactMap(\.clientMessageID))
            apply(courier.synced(seen: seen))
            let failedSeen = entries.filter { $0.state != .pending && seen.contains($0.id) }.map(\.id)
            if !failedSeen.isEmpty { apply([.confirm(failedSeen)]) }
            pump()
        } catch {
            guard socket?.id == id else { return }
            logger.warning("sync failed", metadata: ["error": "\(error)"])
            switch error {
            case .unauthorized(let text), .forbidden(let text):
                perform(machine.credentialsRejected(text))
            default:
                dropSocket()
                courier.disconnected()
                perform(machine.closed(id: id, code: nil, reason: nil, now: clock.now))
            }
        }
    }

    private func report(_ messages: [Message]) {
        let added = known.merge(messages)
        if !added.isEmpty { continuation.yield(.messages(added)) }
    }

    // MARK: Outbox delivery

    /// Lets the courier send what is due now, then re-arms the timer.
    private func pump() {
        apply(courier.poll(now: clock.now))
        armTimer()
    }

    private func apply(_ actions: [Courier.Action]) {
        for action in actions {
            switch action {
            case .send(let entry):
                let now = Date()
                do {
                    try outbox.markAttempted(entry.id, now: now)
                } catch {
                    logger.error("cannot update the outbox", metadata: ["error": "\(error)"])
                }
                if let index = entries.firstIndex(where: { $0.id == entry.id }) {
                    entries[index].attempts += 1
                    entries[index].firstAttemptAt = entries[index].firstAttemptAt ?? now
                }
                write(.sendMessage(content: entry.content, kind: entry.kind, metadata: entry.metadata))
            case .confirm(let ids):
                try? outbox.remove(ids)
                let confirmed = Set(ids)
                entries.removeAll { confirmed.contains($0.id) }
                publishOutbox()
            case .fail(let ids, let reason):
                for id in ids { try? outbox.markFailed(id, reason: reason) }
                let failed = Set(ids)
                for index in entries.indices where failed.contains(entries[index].id) {
                    entries[index].state = .failed(reason)
                }
                publishOutbox()
            }
        }
    }

    private func write(_ command: ClientCommand) {
        guard machine.state == .connected, let socket else { return }
        socket.outgoing.yield(.text(settings.dialect.encode(command, now: Date())))
    }

    private func publishOutbox() {
        continuation.yield(.outbox(entries))
    }

    private func publishTyping() {
        typingIn.prune(now: clock.now)
        let users = typingIn.typingUsers(now: clock.now)
        guard users != lastTyping else { return }
        lastTyping = users
        continuation.yield(.typing(users))
    }

    // MARK: Timer

    private func armTimer() {
        timer?.cancel()
        let now = clock.now
        let deadlines = [machine.nextDeadline, courier.nextDeadline(now: now), typingIn.nextChange].compactMap { $0 }
        guard let deadline = deadlines.min() else { return }
        timer = Task { [clock, weak self] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() {
        let now = clock.now
        publishTyping()
        if courier.ackOverdue(now: now), let id = socket?.id {
            logger.warning("no answer to a sent message; reconnecting to resync")
            dropSocket()
            courier.disconnected()
            perform(machine.closed(id: id, code: nil, reason: nil, now: now))
        }
        perform(machine.tick(now: now))
        pump()
    }
}
