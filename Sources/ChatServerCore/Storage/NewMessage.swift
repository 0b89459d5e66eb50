import ChatModel
import Foundation

/// A validated message about to be stored.
struct NewMessage: Sendable {
    var conversationID: ConversationID
    var sender: Message.Sender
    var kind: Message.Kind
    var content: String
    var metadata: [String: JSONValue]?

    /// The client-generated id used for deduplication (`metadata.client_message_id`).
    var clientMessageID: String? {
        metadata?[Message.clientMessageIDKey]?.stringValue
    }
}

/// What storing a message did: inserted it, or found the one already stored under its client id.
enum AppendOutcome: Sendable {
    case created(Message)
    case duplicate(Message)

    var message: Message {
        switch self {
        case .created(let message), .duplicate(let message): message
        }
    }
}

/// Refusals of store operations that the API reports to the caller.
enum StoreError: Error, Equatable {
    case conversationNotFound
    case conversationClosed
    case messageNotFound
    /// The author already has as many recent messages as their quota allows.
    case rateLimited(retryAfter: Duration)
    /// The database cannot be reached (or did not answer in time); nothing was changed that
    /// the caller was told about. REST answers 503, sockets get an `error` frame.
    case unavailable
}
