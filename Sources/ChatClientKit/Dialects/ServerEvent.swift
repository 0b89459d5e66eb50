import Foundation

/// What a server said on a socket, independent of the wire format.
public enum ServerEvent: Sendable, Equatable {
    /// The handshake is complete: the socket carries commands now. `conversationID` is the
    /// conversation a per-conversation socket says it belongs to, if it says.
    case connected(conversationID: ConversationID?, userID: String)
    /// The server put this socket in a conversation (a confirmed join or an assignment).
    case joined(ConversationID)
    case newMessage(Message)
    case typing(ConversationID, userID: String, isTyping: Bool)
    case presence(userID: String, online: Bool)
    /// An `error` frame, not tied to any message by the protocol.
    case error(ServerError)
    /// The server's keep-alive; carries no information beyond "still here".
    case ping
    /// A frame that could not be understood; the connection carries on.
    case unrecognized(raw: String, reason: String)
}

/// An `error` frame, classified so the outbox knows what to do about it.
public struct ServerError: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Too many messages or typing events; try again later.
        case rateLimited
        /// The conversation is closed; messages are refused until it is reopened.
        case conversationClosed
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
