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
}
