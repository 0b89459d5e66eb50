import ChatClientKit
import ChatTUI
import Foundation
import Logging
import Synchronization

/// The live sessions of the conversations opened during the run, one task each.
///
/// A session's commands go through one ordered stream, so messages leave in the order
/// the agent sent them; its events are posted to the UI's queue as they come.
final class SessionRegistry: Sendable {
    enum Command: Sendable {
        /// Deliver an entry already written to the outbox.
        case deliver(OutboxEntry)
        case retry([String])
        case discard([String])
        case typed
        case cleared
        case reconnect
        /// A page of history; the result is posted as `.historyLoaded`.
        case loadHistory(before: HistoryAnchor?, limit: Int)
        /// Mark the conversation read; the result is posted as `.markedRead`.
        case markRead
    }

    private struct Running {
        var commands: [ConversationID: AsyncStream<Command>.Continuation] = [:]
        var tasks: [Task<Void, Never>] = []
    }

    private let client: ChatClient
    private let queue: EventQueue
    private let logger: Logger
    private let running = Mutex(Running())

    init(client: ChatClient, queue: EventQueue, logger: Logger) {
        self.client = client
        self.queue = queue
        self.logger = logger
    }

    /// Starts the session of a conversation unless it runs already.
    func open(_ id: ConversationID, customerID: String?) {
        let (commands, continuation) = AsyncStream.makeStream(of: Command.self)
        let started = running.withLock { running in
            guard running.commands[id] == nil else { return false }
            running.commands[id] = continuation
            return true
        }
        guard started else { return }
        let task = Task { await self.run(id, customerID: customerID, commands: commands) }
        running.withLock { $0.tasks.append(task) }
    }

    func send(_ command: Command, to id: ConversationID) {
        _ = running.withLock { $0.commands[id] }?.yield(command)
    }

    /// Closes every session (the outbox stays on disk) and waits for them to finish.
    func shutdown() async {
        let (commands, tasks) = running.withLock { ($0.commands.values, $0.tasks) }
        for continuation in commands { continuation.finish() }
        for task in tasks { await task.value }
    }

    private func run(_ id: ConversationID, customerID: String?, commands: AsyncStream<Command>) async {
        let session: ConversationSession
        do {
            session = try await client.open(id, customerID: customerID)
        } catch {
            logger.error("cannot open a session", metadata: ["conversation": "\(id)", "error": "\(error)"])
            queue.post(.sessionFailed(id, error.description))
            return
        }
        let queue = self.queue
        let pump = Task {
            for await event in session.events { queue.post(.session(id, event)) }
        }
        for await command in commands {
            switch command {
            case .deliver(let entry): await session.deliver(entry)
            case .retry(let clientIDs): for clientID in clientIDs { await session.retry(clientID) }
            case .discard(let clientIDs): for clientID in clientIDs { await session.discard(clientID) }
            case .typed: await session.userTyped()
            case .cleared: await session.userClearedInput()
            case .reconnect: await session.reconnect()
            case .loadHistory(let before, let limit):
                Task {
                    let result = await EffectRunner.result { try await session.loadOlder(before: before, limit: limit) }
                    queue.post(.historyLoaded(id, before: before, limit: limit, result))
                }
            case .markRead:
                Task { queue.post(.markedRead(id, await EffectRunner.result { try await session.markRead() })) }
            }
        }
        await session.close()
        await pump.value
    }
}
