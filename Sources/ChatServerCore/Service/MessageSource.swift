import ChatModel

/// Where a message comes from: it decides the rate limit that applies and how the `rooms`
/// sockets hear of the stored message (the `conversations` sockets always get `new_message`).
enum MessageSource: Sendable, Equatable {
    /// REST, a `conversations` socket or a demo customer: the `conversations` limit; the
    /// room's sockets get `message`.
    case conversations
    /// A `rooms` socket: the rooms limit; the socket gets `message_sent`, the room's other
    /// sockets `message`.
    case roomsSocket(RoomsConnectionID, RoomRole)
    /// The rooms bot's answer: no limit; the room's sockets get `bot_response`.
    case roomsBot(BotReply)
    /// A rooms socket of another instance (the message came through the database): the room's
    /// sockets here get `message`.
    case remoteRooms(RoomRole)

    /// What is stored with the message.
    var origin: MessageOrigin {
        switch self {
        case .conversations: .conversations
        case .roomsSocket(_, let role), .remoteRooms(let role): .rooms(role)
        case .roomsBot: .bot
        }
    }

    /// How a message stored by another instance is announced here.
    init(stored origin: MessageOrigin?, metadata: [String: JSONValue]?) {
        switch origin {
        case .rooms(let role)?: self = .remoteRooms(role)
        case .bot?: self = BotReply(metadata: metadata).map(MessageSource.roomsBot) ?? .conversations
        case .conversations?, nil: self = .conversations
        }
    }
}
