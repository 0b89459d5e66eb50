import ChatModel
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Several instances on one PostgreSQL database: every instance LISTENs on `chat_events` and
/// delivers to its own sockets exactly once.
///
/// - Messages: the insert trigger NOTIFYs `{conversation, seq}`; an instance with sockets in
///   the conversation fetches what follows its cursor (`DeliveryCursors`), so a notification
///   missed while disconnected is made up for when the listener is back, and nothing is
///   delivered twice. Messages are delivered to this instance's own sockets the same way.
/// - Typing and joins (`online`) are NOTIFYed by the instance where they happen; it ignores its own.
/// - Presence: which instance has which user where is kept in `chat_presence` (`PresenceSync`);
///   any instance's sweeper announces `offline` once the user's last socket anywhere closed a
///   presence timeout ago, or their instance died.
final class PostgresRelay: EventRelay {
    /// A fresh id per process start.
    let instanceID: String
    /// This instance's session advisory lock, held by its listener while connected: another
    /// instance that can take it knows this one is gone.
    let lockKey: Int64
    let store: PostgresChatStore
    let delivery: LocalDelivery
    let settings: ClusterSettings
    let presenceTimeout: Duration
    let logger: Logger

    let cursors = Mutex(DeliveryCursors())
    let ledger = Mutex(PresenceLedger())
    let origins = Mutex(PendingOrigins(capacity: 10_000))
    let waiters = Mutex(DeliveryWaiters<CheckedContinuation<Void, Never>>(capacity: 4_096))
    private let live = Atomic(false)
    let dispatchWakeups: AsyncStream<Void>
    let dispatchWaker: AsyncStream<Void>.Continuation
    let presenceWakeups: AsyncStream<Void>
    let presenceWaker: AsyncStream<Void>.Continuation
    /// Typing events to NOTIFY, in order; when the database lags this far behind, newer ones are dropped.
    let outgoing: AsyncStream<ClusterEvent>
    private let outgoingSink: AsyncStream<ClusterEvent>.Continuation

    var pool: PostgresPool { store.pool }
    var isLive: Bool { live.load(ordering: .relaxed) }

    init(store: PostgresChatStore, delivery: LocalDelivery, settings: ClusterSettings, presenceTimeout: Duration, logger: Logger) {
        instanceID = UUID.random().wireString
        lockKey = Int64.random(in: 1 ... .max)
        self.store = store
        self.delivery = delivery
        self.settings = settings
        self.presenceTimeout = presenceTimeout
        var logger = logger
        logger[metadataKey: "instance"] = "\(instanceID.prefix(8))"
        self.logger = logger
        (dispatchWakeups, dispatchWaker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (presenceWakeups, presenceWaker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (outgoing, outgoingSink) = AsyncStream.makeStream(of: ClusterEvent.self, bufferingPolicy: .bufferingOldest(1_024))
    }

    func willStore(_ id: MessageID, from source: MessageSource) {
        if case .roomsSocket = source {
            origins.withLock { $0.insert(id, source) }
        }
    }

    func notStored(_ id: MessageID) {
        _ = origins.withLock { $0.take(id) }
    }

    /// Delivered when the notification comes back, like every other instance's messages.
    func committed(_ message: Message, by authorID: String, source: MessageSource) {}

    /// Waits (at most the database timeout) for the dispatcher to deliver the message here.
    func awaitDelivery(of message: Message) async {
        guard delivery.watches(message.conversationID) else { return }
        let id = message.id
        let timeout = settings.databaseTimeout
        let timer = Mutex<Task<Void, Never>?>(nil)
        await withCheckedContinuation { continuation in
            guard let token = waiters.withLock({ $0.wait(for: id, continuation) }) else {
                continuation.resume()
                return
            }
            timer.withLock {
                $0 = Task { [self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    waiters.withLock { $0.giveUp(id, token: token) }?.resume()
                }
            }
        }
        timer.withLock { $0 }?.cancel()
    }

    func watch(_ conversationID: ConversationID, from position: Int64, besideOthers: Bool) {
        cursors.withLock { $0.watch(conversationID, from: position, besideOthers: besideOthers) }
    }

    func typing(in conversationID: ConversationID, userID: String, started: Bool) {
        if case .dropped = outgoingSink.yield(.typing(conversationID: conversationID, userID: userID, started: started, instance: instanceID)) {
            logger.warning("typing event not relayed: the database is behind", metadata: ["conversation_id": "\(conversationID.rawValue)"])
        }
    }

    func presence(in conversationID: ConversationID, userID: String, present: Bool) {
        ledger.withLock { $0.set(.init(conversationID: conversationID, userID: userID), present: present) }
        presenceWaker.yield()
    }

    /// Listener, dispatcher, presence writer, sweeper and typing publisher, until cancelled;
    /// then this instance's presence is handed to the others' sweepers.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen() }
            group.addTask { await self.dispatch() }
            group.addTask { await self.writePresence() }
            group.addTask { await self.sweep() }
            group.addTask { await self.publish() }
            await group.next()
            group.cancelAll()
        }
        await retire()
    }

    func setLive(_ value: Bool) -> Bool {
        live.exchange(value, ordering: .relaxed)
    }

    /// Handles one notification from the listener.
    func handle(_ payload: String) {
        guard let event = ClusterEvent(payload: payload), event.instance != instanceID else { return }
        switch event {
        case .message(let conversationID, let seq):
            guard delivery.watches(conversationID) else { return }
            cursors.withLock { $0.notified(conversationID, seq: seq) }
            dispatchWaker.yield()
        case .typing(let conversationID, let userID, let started, _):
            if started {
                delivery.hub.typingStarted(conversationID: conversationID, userID: userID, peerID: nil)
            } else {
                delivery.hub.typingStopped(conversationID: conversationID, userID: userID, peerID: nil)
            }
        case .online(let conversationID, let userID, _):
            delivery.hub.remoteOnline(conversationID: conversationID, userID: userID)
        case .offline(let conversationID, let userID):
            delivery.hub.presenceOffline(conversationID: conversationID, userID: userID)
        }
    }

    /// Sends typing events, one at a time so they arrive in order.
    private func publish() async {
        for await event in outgoing {
            guard let payload = event.encode() else { continue }
            _ = try? await pool.withConnection("notify") { connection in
                try await connection.query("SELECT pg_notify(\(PostgresSchema.channel), \(payload))", logger: self.logger)
            }
        }
    }
}
