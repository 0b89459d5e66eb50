import Foundation
import Logging

/// The shell around one `LinkMachine`: it owns the socket, the timer and the event sinks
/// of the conversations on the link, feeds the machine what happens and performs the
/// actions it returns. It decides nothing.
actor Link {
    private var machine: LinkMachine
    private let environment: LinkEnvironment
    private var socket: Socket?
    /// The deadline set with the client's timers, if any.
    private var armed: Double?
    private var sinks = ConversationTable<EventSink>()
    /// Outbox changes not written yet: those of the input being handled, or confirmations
    /// (`OutboxChange.mayWait`) waiting for the next transaction or the next timer.
    private var unwritten: [OutboxChange] = []

    /// The socket of the current attempt: its task and its ordered write queue.
    private struct Socket {
        let attempt: Int
        let task: Task<Void, Never>
        let outgoing: OutgoingFrames
    }

    init(machine: LinkMachine, environment: LinkEnvironment) {
        self.machine = machine
        self.environment = environment
    }

    private var clock: any ChatClock { environment.clock }
    private var budget: SharedBudget { environment.budget }
    private var service: any ConversationService { environment.service }
    private var timers: LinkTimers { environment.timers }
    private var logger: Logger { environment.logger(for: machine.socket) }

    /// The connection state.
    var state: ConnectionState { machine.state }

    /// Adds a conversation and where its events go.
    func attach(_ id: ConversationID, customer: String?, backfill: Backfill, outbox entries: [OutboxEntry], events: EventSink) {
        sinks[id] = events
        handle(.open(id, customer: customer, outbox: entries, backfill: backfill))
    }

    /// Removes a conversation and ends its events; a per-conversation link closes its socket.
    func detach(_ id: ConversationID) {
        handle(.close(id))
        writeOutbox()
        sinks.removeValue(forKey: id)?.finish()
    }

    /// Closes the socket for good and ends every conversation's events.
    func shutdown() {
        handle(.shutdown)
        writeOutbox()
        timers.cancel(ObjectIdentifier(self))
        for sink in sinks { sink.finish() }
        sinks.removeAll()
    }

    /// Stores a new message and queues it: on disk before this returns, in one transaction
    /// with its first attempt when it goes out at once.
    func send(_ entry: OutboxEntry) throws(ChatError) {
        var refusal: (any Error)?
        handle(.send(entry), storageFailure: &refusal)
        if let refusal { throw .storage("cannot write the outbox: \(refusal)") }
    }

    /// Feeds the machine one input and performs what it returns.
    func handle(_ input: LinkInput) {
        var ignored: (any Error)?
        handle(input, storageFailure: &ignored)
    }

    /// Feeds the machine one input and performs what it returns. Outbox changes are
    /// collected and written in one transaction before the next action that leaves the
    /// process (a write, a connect, a request, the local history) or at the end; telling the
    /// app does not wait for them. Confirmations that may wait are written with the next
    /// transaction, on the link's next timer, or on closing, whichever comes first: no
    /// wake-up of their own. New messages in a transaction that fails are not written and
    /// go back to the machine (`LinkInput.unstored`); `storageFailure` is its error.
    private func handle(_ input: LinkInput, storageFailure: inout (any Error)?) {
        let now = clock.now
        let actions = budget.withLock { machine.handle(input, now: now, budget: &$0) }
        var unstored: [OutboxEntry] = []
        var wrote = false
        for action in actions {
            if action.leavesTheProcess { writeOutbox(unstored: &unstored, failure: &storageFailure) }
            if case .write(_, let message) = action {
                if let message, unstored.contains(where: { $0.id == message }) { continue }
                wrote = true
            }
            perform(action)
        }
        // The frames of one input leave together, in one system call.
        if wrote { socket?.outgoing.flush() }
        let deadline = machine.nextDeadline(now: now, budget: budget.withLock { $0 })
        var mayWait = deadline != nil && unwritten.allSatisfy(\.mayWait)
        if case .tick = input { mayWait = false }
        if !mayWait { writeOutbox(unstored: &unstored, failure: &storageFailure) }
        armTimer(deadline)
        if !unstored.isEmpty { handle(.unstored(unstored)) }
    }

    /// Writes the unwritten outbox changes in one transaction.
    private func writeOutbox() {
        var unstored: [OutboxEntry] = []
        var failure: (any Error)?
        writeOutbox(unstored: &unstored, failure: &failure)
    }

    private func writeOutbox(unstored: inout [OutboxEntry], failure: inout (any Error)?) {
        guard !unwritten.isEmpty else { return }
        do {
            try environment.outbox.apply(unwritten)
        } catch {
            logger.error("cannot update the outbox", metadata: ["error": "\(error)"])
            for case .add(let entry) in unwritten { unstored.append(entry) }
            failure = error
        }
        unwritten.removeAll(keepingCapacity: true)
    }

    // MARK: Actions

    /// Performs one action; an outbox change joins `unwritten`, written later in one go.
    private func perform(_ action: LinkAction) {
        switch action {
        case .connect(let attempt):
            openSocket(attempt)
        case .disconnect(let attempt, _):
            if socket?.attempt == attempt { closeSocket() }
        case .write(let text, _):
            socket?.outgoing.write(.text(text))
        case .fetchHistory(let attempt, let id, let request):
            let service = self.service
            environment.fetches.submit {
                let result: Result<[Message], ChatError>
                do throws(ChatError) {
                    result = .success(try await service.messages(conversationID: id, limit: request.limit, before: request.before))
                } catch {
                    result = .failure(error)
                }
                await self.handle(.history(attempt: attempt, id, result))
            }
        case .persist(let change):
            unwritten.append(change)
        case .record(let messages):
            do {
                try environment.journal?.record(messages)
            } catch {
                logger.error("cannot update the local history", metadata: ["error": "\(error)"])
            }
        case .emit(let event, let id):
            if let id { sinks[id]?.yield(event) } else { for sink in sinks { sink.yield(event) } }
        case .log(let level, let message):
            logger.log(level: level, "\(message)")
        case .announce(let event):
            environment.userEvents.yield(event)
        }
    }

    private func openSocket(_ attempt: Int) {
        closeSocket()
        let outgoing = OutgoingFrames()
        let (transport, url) = (environment.transport, environment.socketURL(for: machine.socket))
        let task = Task(executorPreference: environment.executor) {
            do {
                let ending = try await transport.run(url: url, outgoing: outgoing) { frames in
                    await self.handle(.frames(attempt: attempt, frames))
                }
                await self.handle(.socketClosed(attempt: attempt, code: ending.code, reason: ending.reason))
            } catch {
                await self.handle(.connectFailed(attempt: attempt, await self.classify(error)))
            }
        }
        socket = Socket(attempt: attempt, task: task, outgoing: outgoing)
    }

    /// Starts the closing handshake and abandons the socket; a socket that does not finish
    /// closing within a second is cancelled.
    private func closeSocket() {
        guard let socket else { return }
        self.socket = nil
        socket.outgoing.send(.close(code: 1000, reason: "client closed"))
        socket.outgoing.finish()
        let clock = self.clock
        Task {
            try? await clock.sleep(until: clock.now + 1)
            socket.task.cancel()
        }
    }

    /// A refused upgrade does not say why; a per-conversation link asks the service, which may.
    private func classify(_ error: any Error) async -> ConnectFailure {
        guard let error = error as? SocketOpenError else { return .transient("\(error)") }
        switch (error, machine.socket) {
        case (.failed(let text), _): return .transient(text)
        case (.upgradeRefused, .user): return .transient("the server refused the WebSocket upgrade")
        case (.upgradeRefused, .conversation(let id)): return await service.diagnoseRefusedUpgrade(of: id)
        }
    }

    // MARK: Timer

    /// Sets the timer for the machine's next deadline. A deadline already set for an earlier
    /// time stays (its tick finds nothing due and sets the next one): most inputs only push
    /// a deadline later (each frame moves the idle deadline).
    private func armTimer(_ deadline: Double?) {
        if let armed, deadline.map({ armed <= $0 }) ?? true { return }
        guard let deadline else { return }
        armed = deadline
        let executor = environment.executor
        timers.set(ObjectIdentifier(self), at: deadline) { [weak self] in
            Task(executorPreference: executor) { await self?.fire(deadline) }
        }
    }

    private func fire(_ deadline: Double) {
        if armed == deadline { armed = nil }
        handle(.tick)
    }
}
