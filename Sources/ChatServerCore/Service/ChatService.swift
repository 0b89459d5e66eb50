import ChatModel
import Foundation
import Logging

/// The operations REST, both WebSocket dialects and the demo share: sending a message (rate
/// limit, dedupe, persist, then broadcast to the `conversations` and the `rooms` sockets) and
/// changing a conversation (status transitions are logged).
final class ChatService: Sendable {
    /// A message refused by the per-user rate limit.
    struct RateLimited: Error {
        let retryAfter: Duration
    }

    let store: ChatStore
    let hub: ConversationHub
    let rooms: RoomsHub
    let rules: MessageRules
    private let rateLimits: RateLimits
    private let now: @Sendable () -> Date
    private let logger: Logger

    init(
        store: ChatStore, hub: ConversationHub, rooms: RoomsHub, limits: ServerLimits, roomsSettings: RoomsSettings,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.store = store
        self.hub = hub
        self.rooms = rooms
        self.rules = MessageRules(maxContentLength: limits.maxContentLength)
        self.rateLimits = RateLimits(limits, rooms: roomsSettings)
        self.now = now
        self.logger = logger
    }

    /// Stores a message from `userID` and, once committed, broadcasts it as `new_message` to the
    /// conversation's sockets and announces it to the room's rooms sockets as `source` says.
    ///
    /// A repeated `metadata.client_message_id` returns the stored message instead; it is then
    /// echoed only to `peer` (the sender's socket), not broadcast again.
    func post(
        _ new: NewMessage, by userID: String, echoingDuplicateTo peer: Peer? = nil, from source: MessageSource = .conversations
    ) async throws -> AppendOutcome {
        if case .limited(let retryAfter) = rateLimits.message(from: userID, source: source) {
            throw RateLimited(retryAfter: retryAfter)
        }
        let hub = self.hub
        let rooms = self.rooms
        let now = self.now
        return try await store.append(new, now: now()) { outcome in
            switch outcome {
            case .created(let message):
                hub.messageStored(message, by: userID)
                rooms.messageStored(message, by: userID, source: source)
            case .duplicate(let message):
                peer?.send(ServerFrame.newMessage(message, at: now()))
            }
        }
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
