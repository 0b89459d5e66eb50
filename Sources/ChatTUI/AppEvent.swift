import ChatClientKit
import Foundation

/// Everything that can change the app's state: input, time, and the results of effects.
public enum AppEvent: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick(Instant)
    /// SIGINT, SIGTERM or SIGHUP: quit now, keeping the outbox.
    case terminate
    case listLoaded(ListRequest, Result<ConversationListing, ChatError>)
    /// The newest message of a conversation, for its list preview (nil: no messages).
    case previewLoaded(ConversationID, Result<Message?, ChatError>)
    /// A page of history: the newest `limit` messages before `before` (or the latest ones).
    case historyLoaded(ConversationID, before: HistoryAnchor?, limit: Int, Result<[Message], ChatError>)
    case session(ConversationID, ConversationEvent)
    /// What happened on the user's socket (dialects with one): its state, assignments, the queue.
    case user(UserEvent)
    /// A conversation's live session could not be started.
    case sessionFailed(ConversationID, String)
    /// A message was written to the outbox and handed to its session.
    case queued(OutboxEntry)
    /// A message could not be written to the outbox; its text goes back into the input.
    case notQueued(ConversationID, text: String, reason: String)
    case statusChanged(ConversationID, Result<Conversation, ChatError>)
    case created(Result<Conversation, ChatError>)
    case markedRead(ConversationID, Result<Conversation?, ChatError>)
    /// Outbox entries left by an earlier run, found at start-up.
    case storedOutbox([OutboxEntry])
    case clientIDGenerated(UUID)
}
