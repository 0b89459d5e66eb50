import ChatModel
import Foundation

/// What the service, the REST routes, both WebSocket dialects and the demo need from storage.
/// Two implementations keep the same guarantees: `SQLiteChatStore` (one instance, the default)
/// and `PostgresChatStore` (any number of instances on one database).
///
/// - `unread_count` is computed from the messages on every read, never stored.
/// - Messages are ordered by `timestamp`, ties broken by an ever-increasing sequence number;
///   timestamps are whole microseconds and strictly increase within a conversation.
/// - A repeated `metadata.client_message_id` in a conversation returns the stored message
///   (a unique index enforces it) unless the store was opened without deduplication.
/// - `append` enforces the author's quota with counters per time slice in the database.
/// - A database that cannot be reached surfaces as `StoreError.unavailable`.
protocol ChatStore: Sendable {
    /// Whether a repeated client id returns the stored message instead of a new one.
    var deduplicates: Bool { get }

    func createConversation(_ draft: ConversationDraft, id: ConversationID, now: Date) async throws -> Conversation
    func conversation(_ id: ConversationID) async throws -> Conversation?
    /// One page of conversations, most recently active first.
    func conversations(matching filter: ConversationFilter, page: Int, limit: Int) async throws -> Page<Conversation>
    /// Applies `patch`; nil when the conversation does not exist.
    func updateConversation(_ id: ConversationID, _ patch: ConversationPatch, now: Date) async throws -> ConversationChange?
    /// Marks every unread non-admin message of the conversation as read; nil when it does not exist.
    func markConversationRead(_ id: ConversationID) async throws -> Conversation?
    /// Row counts for `/health`.
    func counts() async throws -> StoreCounts
    /// The sequence number of the conversation's latest message (0 without messages), or nil
    /// when the conversation does not exist: where a socket that joins now starts listening.
    func position(of id: ConversationID) async throws -> Int64?

    /// Stores a message (or finds its duplicate by client id) after checking `author.quota`,
    /// then calls `afterCommit` once the transaction is durable, before returning.
    ///
    /// Timestamps are strictly increasing within a conversation: a message gets `now`, or 1 µs
    /// after the conversation's latest message when the clock has not moved past it.
    func append(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date,
        afterCommit: @escaping @Sendable (AppendOutcome) -> Void
    ) async throws -> AppendOutcome
    /// Up to `limit` messages, oldest first: the newest ones before `before`, the oldest ones after
    /// `after`, or the newest ones of the conversation.
    func messages(in conversationID: ConversationID, limit: Int, before: MessageID?, after: MessageID?) async throws -> [Message]
    /// Marks the given messages read (only those of `conversationID` when given); returns how many changed.
    func markMessagesRead(_ ids: [MessageID], in conversationID: ConversationID?) async throws -> Int
    /// The ids among `ids` that are messages of `conversationID`.
    func existingMessageIDs(_ ids: [MessageID], in conversationID: ConversationID) async throws -> Set<MessageID>

    /// Releases the database; called once when the server stops.
    func close() async
}

/// A store that commits appends in the order they are handed over and settles them in that
/// order, so one socket can have several messages in flight and still be answered in the
/// order it sent them (`SQLiteChatStore`, through `GroupCommit`). A single-instance store:
/// its messages reach the sockets in `afterCommit`, with nothing left to wait for.
protocol OrderedAppends: ChatStore {
    /// `append` without waiting: the message is queued behind every one handed over before it;
    /// `afterCommit` (on success) then `settled` run once its transaction is durable or failed,
    /// in the order the messages were handed over.
    func enqueueAppend(
        _ new: NewMessage, id: MessageID, author: MessageAuthor, now: Date,
        afterCommit: @escaping @Sendable (AppendOutcome) -> Void,
        settled: @escaping @Sendable (Result<AppendOutcome, any Error>) -> Void
    )
}

/// Row counts for `/health`.
struct StoreCounts: Sendable, Equatable {
    let conversations: Int
    let messages: Int
}

extension ChatStore {
    func createConversation(_ draft: ConversationDraft, now: Date) async throws -> Conversation {
        try await createConversation(draft, id: ConversationID(UUID()), now: now)
    }

    func markMessagesRead(_ ids: [MessageID]) async throws -> Int {
        try await markMessagesRead(ids, in: nil)
    }
}
