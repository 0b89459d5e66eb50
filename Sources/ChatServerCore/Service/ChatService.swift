import ChatModel
import Foundation
import Logging

/// The operations REST, both WebSocket dialects and the demo share: sending a message (rate
/// limit, dedupe, persist, then broadcast to the `conversations` and the `rooms` sockets of
/// every instance through the relay), joining and leaving conversations, typing, and changing
/// a conversation (status transitions are logged).
final class ChatService: Sendable {
    /// A message refused by the per-user rate limit.
    struct RateLimited: Error {
        let retryAfter: Duration
    }

    let store: any ChatStore
    let hub: ConversationHub
    let rooms: RoomsHub
    let relay: any EventRelay
    let rules: MessageRules
    private let rateLimits: RateLimits
    private let now: @Sendable () -> Date
    private let logger: Logger

    init(
        store: any ChatStore, hub: ConversationHub, rooms: RoomsHub, relay: any EventRelay, limits: ServerLimits,
        roomsSettings: RoomsSettings, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        self.hub = hub
        self.rooms = rooms
        self.relay = relay
        self.rules = MessageRules(maxContentLength: limits.maxContentLength)
        self.rateLimits = RateLimits(limits, rooms: roomsSettings)
        self.now = now
        self.logger = logger
    }

    /// Stores a message from `userID` (refused with `RateLimited` past the user's quota) and, once
    /// committed, has it broadcast as `new_message` to the conversation's sockets and announced
    /// to the room's rooms sockets as `source` says, on every instance.
    ///
    /// A repeated `metadata.client_message_id` returns the stored message instead; it is then
    /// echoed only to `peer` (the sender's socket), not broadcast again.
    func post(
        _ new: NewMessage, by userID: String, echoingDuplicateTo peer: Peer? = nil, from source: MessageSource = .conversations
    ) async throws -> AppendOutcome {
        let posting = begin(by: userID, from: source)
        let outcome: AppendOutcome
        do {
            outcome = try await store.append(new, id: posting.id, author: posting.author, now: now(), afterCommit: posting.committed)
        } catch {
            throw posting.refused(error)
        }
        posting.accepted(outcome)
        switch outcome {
        case .created(let message):
            await relay.awaitDelivery(of: message)
        case .duplicate(let message):
            peer?.send(ServerFrame.newMessage(message, at: now()))
        }
        return outcome
    }

    /// `post` from a `conversations` socket without waiting, for a store that settles messages
    /// in the order they were handed over: `settled` gets what `post` would have returned or
    /// thrown, after the broadcast (or the duplicate's echo to `peer`), in that order.
    func submit(
        _ new: NewMessage, by userID: String, echoingDuplicateTo peer: Peer, into store: any OrderedAppends,
        settled: @escaping @Sendable (Result<AppendOutcome, any Error>) -> Void
    ) {
        let posting = begin(by: userID, from: .conversations)
        let now = self.now
        store.enqueueAppend(new, id: posting.id, author: posting.author, now: now(), afterCommit: posting.committed) { result in
            switch result {
            case .success(let outcome):
                posting.accepted(outcome)
                if case .duplicate(let message) = outcome { peer.send(ServerFrame.newMessage(message, at: now())) }
                settled(.success(outcome))
            case .failure(let error):
                settled(.failure(posting.refused(error)))
            }
        }
    }

    private func begin(by userID: String, from source: MessageSource) -> Posting {
        let posting = Posting(
            author: MessageAuthor(userID: userID, origin: source.origin, quota: rateLimits.quota(for: source)),
            source: source, relay: relay)
        relay.willStore(posting.id, from: source)
        return posting
    }

    /// One message on its way to the store, and what the relay hears about it.
    private struct Posting: Sendable {
        let id = MessageID(UUID.random())
        let author: MessageAuthor
        let source: MessageSource
        let relay: any EventRelay

        /// The store's `afterCommit`: a new message goes out to every instance.
        func committed(_ outcome: AppendOutcome) {
            if case .created(let message) = outcome {
                relay.committed(message, by: author.userID, source: source)
            }
        }

        /// A duplicate was not stored under this id.
        func accepted(_ outcome: AppendOutcome) {
            if case .duplicate = outcome { relay.notStored(id) }
        }

        /// The store refused or failed: nothing was stored; a spent quota becomes `RateLimited`.
        func refused(_ error: any Error) -> any Error {
            relay.notStored(id)
            if case StoreError.rateLimited(let retryAfter) = error { return RateLimited(retryAfter: retryAfter) }
            return error
        }
    }

    /// Registers a `conversations` socket (see `ConversationHub.join`); nil when the conversation does not exist.
    func join(conversationID: ConversationID, userID: String, outbox: AsyncStream<String>.Continuation) async throws -> Peer? {
        guard let position = try await store.position(of: conversationID) else { return nil }
        let besideOthers = watchesHere(conversationID)
        let peer = hub.join(conversationID: conversationID, userID: userID, outbox: outbox)
        relay.watch(conversationID, from: position, besideOthers: besideOthers)
        relay.presence(in: conversationID, userID: userID, present: true)
        return peer
    }

    /// Whether any socket here, of either dialect, is in the conversation.
    func watchesHere(_ conversationID: ConversationID) -> Bool {
        LocalDelivery(hub: hub, rooms: rooms).watches(conversationID)
    }

    /// Unregisters a `conversations` socket.
    func leave(_ peer: Peer) {
        if hub.leave(peer) {
            relay.presence(in: peer.conversationID, userID: peer.userID, present: false)
        }
    }

    /// Typing from a socket here (`peerID`) or a demo customer (nil), to every instance.
    func typing(in conversationID: ConversationID, userID: String, started: Bool, peerID: Int?) {
        if started {
            hub.typingStarted(conversationID: conversationID, userID: userID, peerID: peerID)
        } else {
            hub.typingStopped(conversationID: conversationID, userID: userID, peerID: peerID)
        }
        relay.typing(in: conversationID, userID: userID, started: started)
    }

    /// Whether `userID` may send another typing event now.
    func allowTypingEvent(from userID: String) -> Bool {
        rateLimits.typingEvent(from: userID) == .allowed
    }

    /// Applies a conversation change, logging any status transition.
    func update(_ id: ConversationID, _ patch: ConversationPatch, by userID: String) async throws -> Conversation? {
        guard let change = try await store.updateConversation(id, patch, now: now()) else { return nil }
        if change.previousStatus != change.conversation.status {
            logger.info(
                "conversation status changed",
                metadata: [
                    "conversation_id": "\(id.rawValue)", "from": "\(change.previousStatus.rawValue)",
                    "to": "\(change.conversation.status.rawValue)", "user_id": "\(userID)",
                ])
        }
        return change.conversation
    }

    func currentTime() -> Date {
        now()
    }
}
