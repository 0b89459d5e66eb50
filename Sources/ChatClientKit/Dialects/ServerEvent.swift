import Foundation

/// What a server said on a socket, independent of the wire format.
public enum ServerEvent: Sendable, Equatable {
    /// The handshake is complete: the socket carries commands now. `conversationID` is the
    /// conversation a per-conversation socket says it belongs to, if it says.
    case connected(conversationID: ConversationID?, userID: String)
    /// The server put this socket in a conversation (a confirmed join or an assignment).
    case joined(ConversationID)
    case newMessage(Message)
    /// The server stored a message the client sent (an ack frame or an ack id).
    case acknowledged(Acknowledgement)
    /// Users read messages of a conversation.
    case read(ConversationID, userID: String, messageIDs: [MessageID])
    case typing(ConversationID, userID: String, isTyping: Bool)
    case presence(userID: String, online: Bool)
    /// An `error` frame, not tied to any message by the protocol.
    case error(ServerError)
    /// The server's keep-alive; carries no information beyond "still here".
    case ping
    /// The server's answer to the client's heartbeat.
    case pong
    /// What the server stored since the last sync (`CatchUp.socketSync`).
    case synced(SyncBatch)
    /// The server refused the credentials inside the socket (a refused connect or register):
    /// final until the user acts.
    case credentialsRejected(String)
    /// The server ended the session on this socket; reconnect.
    case goingAway(String)
    /// The server's keep-alive timing: no frame for this many seconds means the connection is dead.
    case liveness(seconds: Double)
    /// Something for the user rather than for one conversation (an assignment, the queue).
    case notice(ServerNotice)
    /// A frame that could not be understood; the connection carries on.
    case unrecognized(raw: String, reason: String)
}

/// One answer to a sync request.
public struct SyncBatch: Sendable, Equatable {
    /// Oldest first; at most `cap` of them.
    public var messages: [Message]
    /// What to send with the next sync request.
    public var token: String?
    /// The most the server sends at once: a full batch means there may be more.
    public var cap: Int

    public init(messages: [Message], token: String?, cap: Int) {
        self.messages = messages
        self.token = token
        self.cap = cap
    }
}

/// The server's answer to a message the client sent.
public struct Acknowledgement: Sendable, Equatable {
    /// The client id it answers; nil when the protocol does not say (then it answers the
    /// one message in flight on the socket).
    public var clientID: String?
    /// The id the server stored the message under, if it says.
    public var messageID: MessageID?
    /// The stored message, if the server sends it back.
    public var stored: Message?
    /// Set when the answer is a refusal.
    public var refusal: ServerError?

    public init(clientID: String? = nil, messageID: MessageID? = nil, stored: Message? = nil, refusal: ServerError? = nil) {
        self.clientID = clientID
        self.messageID = messageID
        self.stored = stored
        self.refusal = refusal
    }
}

/// An `error` frame, classified so the outbox knows what to do about it.
public struct ServerError: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Too many messages or typing events; try again later.
        case rateLimited
        /// The conversation is closed; messages are refused until it is reopened.
        case conversationClosed
        /// The server cannot store anything right now (its database is unreachable); the
        /// message was not stored, and sending it again shortly will do.
        case unavailable
        /// Anything else: the frame was refused and sending it again will not help.
        case rejected
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
