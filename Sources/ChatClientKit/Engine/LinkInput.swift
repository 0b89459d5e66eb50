import Foundation

/// Everything that can happen to a link: the app's requests, the socket's events, the
/// results of work the link asked for, and time. `attempt` names the socket attempt an
/// event belongs to, so events from an abandoned socket are ignored.
public enum LinkInput: Sendable {
    /// Start connecting.
    case start
    /// The app opened a conversation on this link, with its outbox as loaded from disk.
    case open(ConversationID, customer: String?, outbox: [OutboxEntry], backfill: Backfill = .latestPage)
    /// The app closed a conversation.
    case close(ConversationID)
    /// Close the socket for good.
    case shutdown
    /// Messages that arrived together, in order: the machine takes them all before it
    /// writes anything new, so their outbox changes share one transaction. A binary one is
    /// reported and ignored: no dialect uses them.
    case frames(attempt: Int, [InboundFrame])
    /// One text frame (as `frames` with one).
    case frame(attempt: Int, String)
    /// The socket closed after it had opened; `code` is nil for an abnormal close.
    case socketClosed(attempt: Int, code: Int?, reason: String?)
    /// The attempt never opened a socket.
    case connectFailed(attempt: Int, ConnectFailure)
    /// A history page the link asked for (`LinkAction.fetchHistory`).
    case history(attempt: Int, ConversationID, Result<[Message], ChatError>)
    /// A message the app wrote to the outbox.
    case enqueue(OutboxEntry)
    /// A new message, not stored yet: the machine asks for it to be stored
    /// (`OutboxChange.add`) in the same transaction as its first attempt, before its write.
    case send(OutboxEntry)
    /// The outbox refused to store these new messages (`send`): the machine forgets them,
    /// and the shell has not written them.
    case unstored([OutboxEntry])
    /// The user retries a failed message.
    case retry(ConversationID, clientID: String)
    /// The user drops a message from the outbox.
    case discard(ConversationID, clientID: String)
    /// The user typed a key in a conversation's input.
    case typed(ConversationID)
    /// The user cleared a conversation's input without sending.
    case clearedInput(ConversationID)
    /// The user has read the conversation.
    case markRead(ConversationID)
    /// The user asked to reconnect now.
    case reconnect
    /// The deadline the link asked for has passed.
    case tick
}
