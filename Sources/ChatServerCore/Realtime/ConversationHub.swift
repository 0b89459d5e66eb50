import ChatModel
import Foundation
import Logging
import Synchronization

/// Who is connected to which conversation, and everything sent to more than one socket:
/// broadcasts, presence (with the offline delay) and typing indicators (with auto-clear).
///
/// All methods are synchronous and serialized by one lock, so frames reach every socket of a
/// conversation in the same order; the relay calls `messageStored` for each committed message.
///
/// With `presenceIsLocal` (one instance) the hub announces a user offline after the presence
/// timeout itself; otherwise the cluster decides, and `presenceOffline` announces it.
final class ConversationHub: Sendable {
    private struct UserKey: Hashable {
        let conversationID: ConversationID
        let userID: String
    }

    private struct Timer {
        let generation: Int
        let task: Task<Void, Never>
    }

    private struct Typing {
        /// The socket that reported typing; nil for simulated customers.
        let peerID: Int?
        let timer: Timer
    }

    private struct State {
        var peers: [ConversationID: [Int: Peer]] = [:]
        var typing: [UserKey: Typing] = [:]
        var offlineTimers: [UserKey: Timer] = [:]
        var nextID = 0
        var generation = 0
    }

    private let state = Mutex(State())
    private let limits: ServerLimits
    private let presenceIsLocal: Bool
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let logger: Logger

    init(
        limits: ServerLimits, presenceIsLocal: Bool = true, clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.limits = limits
        self.presenceIsLocal = presenceIsLocal
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    var connectionCount: Int {
        state.withLock { $0.peers.values.reduce(0) { $0 + $1.count } }
    }

    func currentTime() -> Date {
        now()
    }

    /// Whether any socket here is connected to the conversation.
    func hasSockets(in conversationID: ConversationID) -> Bool {
        state.withLock { $0.peers[conversationID]?.isEmpty == false }
    }

    /// Registers a socket, sends it `connected`, and tells the conversation (joiner included) the user is online.
    func join(conversationID: ConversationID, userID: String, outbox: AsyncStream<String>.Continuation) -> Peer {
        state.withLock { state in
            state.nextID += 1
            let peer = Peer(id: state.nextID, conversationID: conversationID, userID: userID, outbox: outbox)
            state.peers[conversationID, default: [:]][peer.id] = peer
            let key = UserKey(conversationID: conversationID, userID: userID)
            state.offlineTimers.removeValue(forKey: key)?.task.cancel()
            let time = now()
            peer.send(ServerFrame.connected(conversationID: conversationID, userID: userID, at: time))
            broadcast(ServerFrame.presence(userID: userID, online: true, at: time), in: conversationID, state)
            return peer
        }
    }

    /// Unregisters a socket and clears its typing indicator. If it was the user's last socket in
    /// the conversation (the result), a local-presence hub announces them offline after the
    /// presence timeout.
    @discardableResult
    func leave(_ peer: Peer) -> Bool {
        state.withLock { state in
            state.peers[peer.conversationID]?.removeValue(forKey: peer.id)
            if state.peers[peer.conversationID]?.isEmpty == true {
                state.peers.removeValue(forKey: peer.conversationID)
            }
            let key = UserKey(conversationID: peer.conversationID, userID: peer.userID)
            if let typing = state.typing[key], typing.peerID == peer.id {
                stopTyping(key, state: &state)
            }
            let lastOfUser = !hasSocket(of: key, state)
            if lastOfUser && presenceIsLocal {
                state.offlineTimers[key] = schedule(after: limits.presenceTimeout, state: &state) { hub, generation in
                    hub.presenceTimerFired(key, generation: generation)
                }
            }
            return lastOfUser
        }
    }

    /// The user joined on another instance: `presence_update online` to the conversation's sockets here.
    func remoteOnline(conversationID: ConversationID, userID: String) {
        broadcast(ServerFrame.presence(userID: userID, online: true, at: now()), in: conversationID)
    }

    /// The cluster announced the user offline: `presence_update offline` here, unless the user
    /// has a socket here again (a join that raced the announcement; it announced online after it).
    func presenceOffline(conversationID: ConversationID, userID: String) {
        state.withLock { state in
            let key = UserKey(conversationID: conversationID, userID: userID)
            guard !hasSocket(of: key, state) else { return }
            logger.info("presence offline", metadata: ["conversation_id": "\(conversationID.rawValue)", "user_id": "\(userID)"])
            broadcast(ServerFrame.presence(userID: userID, online: false, at: now()), in: conversationID, state)
        }
    }

    /// Sends a frame to every socket here (an interruption notice).
    func broadcastToAll(_ frame: String) {
        state.withLock { state in
            for peers in state.peers.values {
                for peer in peers.values { peer.send(frame) }
            }
        }
    }

    /// Sends a frame to every socket of the conversation except `excluded`.
    func broadcast(_ frame: String, in conversationID: ConversationID, excluding excluded: Int? = nil) {
        state.withLock { broadcast(frame, in: conversationID, $0, excluding: excluded) }
    }

    /// `user_typing` to the other sockets; `user_stopped_typing` follows after the typing timeout
    /// unless the user types again, stops, or sends a message first.
    func typingStarted(conversationID: ConversationID, userID: String, peerID: Int?) {
        state.withLock { state in
            let key = UserKey(conversationID: conversationID, userID: userID)
            state.typing.removeValue(forKey: key)?.timer.task.cancel()
            let timer = schedule(after: limits.typingTimeout, state: &state) { hub, generation in
                hub.typingTimerFired(key, generation: generation)
            }
            state.typing[key] = Typing(peerID: peerID, timer: timer)
            broadcast(ServerFrame.typing(userID: userID, started: true, at: now()), in: conversationID, state, excluding: peerID)
        }
    }

    /// `user_stopped_typing` to the other sockets.
    func typingStopped(conversationID: ConversationID, userID: String, peerID: Int?) {
        state.withLock { state in
            let key = UserKey(conversationID: conversationID, userID: userID)
            state.typing.removeValue(forKey: key)?.timer.task.cancel()
            broadcast(ServerFrame.typing(userID: userID, started: false, at: now()), in: conversationID, state, excluding: peerID)
        }
    }

    /// A committed message: clears its author's typing indicator, then `new_message` to every socket.
    func messageStored(_ message: Message, by userID: String) {
        state.withLock { state in
            let key = UserKey(conversationID: message.conversationID, userID: userID)
            if state.typing[key] != nil {
                stopTyping(key, state: &state)
            }
            broadcast(ServerFrame.newMessage(message, at: now()), in: message.conversationID, state)
        }
    }

    /// Cancels every pending timer (server shutdown).
    func shutdown() {
        state.withLock { state in
            state.typing.values.forEach { $0.timer.task.cancel() }
            state.offlineTimers.values.forEach { $0.task.cancel() }
            state.typing = [:]
            state.offlineTimers = [:]
        }
    }

    private func typingTimerFired(_ key: UserKey, generation: Int) {
        state.withLock { state in
            guard state.typing[key]?.timer.generation == generation else { return }
            stopTyping(key, state: &state)
        }
    }

    private func presenceTimerFired(_ key: UserKey, generation: Int) {
        state.withLock { state in
            guard state.offlineTimers[key]?.generation == generation else { return }
            state.offlineTimers.removeValue(forKey: key)
            logger.info("presence offline", metadata: ["conversation_id": "\(key.conversationID.rawValue)", "user_id": "\(key.userID)"])
            broadcast(ServerFrame.presence(userID: key.userID, online: false, at: now()), in: key.conversationID, state)
        }
    }

    private func hasSocket(of key: UserKey, _ state: State) -> Bool {
        state.peers[key.conversationID]?.values.contains { $0.userID == key.userID } ?? false
    }

    private func stopTyping(_ key: UserKey, state: inout State) {
        guard let typing = state.typing.removeValue(forKey: key) else { return }
        typing.timer.task.cancel()
        broadcast(
            ServerFrame.typing(userID: key.userID, started: false, at: now()), in: key.conversationID, state,
            excluding: typing.peerID)
    }

    private func broadcast(_ frame: String, in conversationID: ConversationID, _ state: State, excluding excluded: Int? = nil) {
        for (id, peer) in state.peers[conversationID] ?? [:] where id != excluded {
            peer.send(frame)
        }
    }

    /// Starts a timer task that calls `fire` after `delay` unless cancelled; its generation tells stale firings apart.
    private func schedule(
        after delay: Duration, state: inout State, fire: @escaping @Sendable (ConversationHub, Int) -> Void
    ) -> Timer {
        state.generation += 1
        let generation = state.generation
        let clock = self.clock
        let task = Task { [weak self] in
            do {
                try await clock.sleep(for: delay)
            } catch {
                return
            }
            guard let self else { return }
            fire(self, generation)
        }
        return Timer(generation: generation, task: task)
    }
}
