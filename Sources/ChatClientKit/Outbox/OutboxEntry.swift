import Foundation

/// A message the user sent that the server has not yet confirmed.
public struct OutboxEntry: Sendable, Equatable, Identifiable {
    public enum State: Sendable, Equatable {
        /// Waiting to be sent, or sent and waiting for the server's echo.
        case pending
        /// The server refused it for good (closed conversation, too large, invalid);
        /// kept so the user can see it and retry or discard it.
        case failed(String)
        /// Sent, but the connection was lost before the server's acknowledgement, on a server
        /// with no history to check: it may or may not be stored. Never resent or dropped
        /// silently; the user resends (`retry`) or drops (`discard`) it.
        case unconfirmed
    }

    /// The client id, carried in `metadata.client_message_id`.
    public let id: String
    public let conversationID: ConversationID
    public let content: String
    public let kind: Message.Kind
    /// When the user pressed Enter (wall clock).
    public let createdAt: Date
    /// How many times it was written to a socket.
    public var attempts: Int
    /// When it was first written to a socket (wall clock), if ever.
    public var firstAttemptAt: Date?
    public var state: State

    public init(
        id: String, conversationID: ConversationID, content: String, kind: Message.Kind = .text,
        createdAt: Date, attempts: Int = 0, firstAttemptAt: Date? = nil, state: State = .pending
    ) {
        self.id = id
        self.conversationID = conversationID
        self.content = content
        self.kind = kind
        self.createdAt = createdAt
        self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt
        self.state = state
    }

    /// The metadata that travels with the message.
    public var metadata: [String: JSONValue] { [Message.clientMessageIDKey: .string(id)] }
}
