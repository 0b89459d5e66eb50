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

    /// What never changes, shared by every copy: the outbox is copied whole each time it is
    /// published, and a copy then costs one reference instead of every string.
    private final class Body: Sendable {
        let id: String
        let conversationID: ConversationID
        let content: String
        let kind: Message.Kind
        let createdAt: Date

        init(id: String, conversationID: ConversationID, content: String, kind: Message.Kind, createdAt: Date) {
            self.id = id
            self.conversationID = conversationID
            self.content = content
            self.kind = kind
            self.createdAt = createdAt
        }
    }

    /// The body and where its delivery stands, in one immutable object that a change
    /// replaces: an entry is one reference, so copying the outbox (each time it is published)
    /// costs one retain per entry.
    private final class Storage: Sendable {
        let body: Body
        let attempts: Int
        let firstAttemptAt: Date?
        let state: State

        init(body: Body, attempts: Int, firstAttemptAt: Date?, state: State) {
            self.body = body
            self.attempts = attempts
            self.firstAttemptAt = firstAttemptAt
            self.state = state
        }
    }

    private var storage: Storage
    private var body: Body { storage.body }
    /// The client id, carried in `metadata.client_message_id`.
    public var id: String { body.id }
    public var conversationID: ConversationID { body.conversationID }
    public var content: String { body.content }
    public var kind: Message.Kind { body.kind }
    /// When the user pressed Enter (wall clock).
    public var createdAt: Date { body.createdAt }
    /// How many times it was written to a socket.
    public var attempts: Int {
        get { storage.attempts }
        set { storage = Storage(body: body, attempts: newValue, firstAttemptAt: firstAttemptAt, state: state) }
    }
    /// When it was first written to a socket (wall clock), if ever.
    public var firstAttemptAt: Date? {
        get { storage.firstAttemptAt }
        set { storage = Storage(body: body, attempts: attempts, firstAttemptAt: newValue, state: state) }
    }
    public var state: State {
        get { storage.state }
        set { storage = Storage(body: body, attempts: attempts, firstAttemptAt: firstAttemptAt, state: newValue) }
    }

    /// Counts a write to a socket at wall-clock `date` (the first one's date is kept).
    public mutating func recordAttempt(at date: Date) {
        storage = Storage(body: body, attempts: attempts + 1, firstAttemptAt: firstAttemptAt ?? date, state: state)
    }

    public init(
        id: String, conversationID: ConversationID, content: String, kind: Message.Kind = .text,
        createdAt: Date, attempts: Int = 0, firstAttemptAt: Date? = nil, state: State = .pending
    ) {
        storage = Storage(
            body: Body(id: id, conversationID: conversationID, content: content, kind: kind, createdAt: createdAt),
            attempts: attempts, firstAttemptAt: firstAttemptAt, state: state)
    }

    /// A new message from the user, with `clientID` (an idempotency key) or a fresh UUID.
    public static func new(
        in conversationID: ConversationID, content: String, kind: Message.Kind = .text, clientID: String? = nil,
        now: Date = Date()
    ) -> OutboxEntry {
        OutboxEntry(
            id: clientID ?? UUID.random().wireString, conversationID: conversationID, content: content, kind: kind,
            createdAt: now)
    }

    /// True when both are copies of one entry as created, not merely of one client id.
    public func isCopy(of other: OutboxEntry) -> Bool { body === other.body }

    public static func == (lhs: OutboxEntry, rhs: OutboxEntry) -> Bool {
        lhs.attempts == rhs.attempts && lhs.firstAttemptAt == rhs.firstAttemptAt && lhs.state == rhs.state
            && (lhs.body === rhs.body
                || (lhs.id == rhs.id && lhs.conversationID == rhs.conversationID && lhs.content == rhs.content
                    && lhs.kind == rhs.kind && lhs.createdAt == rhs.createdAt))
    }

    /// The metadata that travels with the message.
    public var metadata: [String: JSONValue] { [Message.clientMessageIDKey: .string(id)] }
}
