import ChatModel

/// This instance's sockets of both dialects, as the relays deliver to them.
struct LocalDelivery: Sendable {
    let hub: ConversationHub
    let rooms: RoomsHub

    /// A committed message: `new_message` to the conversation's sockets, and the room's rooms sockets.
    func messageStored(_ message: Message, by authorID: String, source: MessageSource) {
        hub.messageStored(message, by: authorID)
        rooms.messageStored(message, by: authorID, source: source)
    }

    /// Whether any socket here is in the conversation (so its messages must be delivered here).
    func watches(_ conversationID: ConversationID) -> Bool {
        hub.hasSockets(in: conversationID) || rooms.hasMembers(conversationID)
    }

    /// Tells every socket here that live delivery is interrupted.
    func storageInterrupted() {
        hub.broadcastToAll(ServerFrame.error(Self.interruption, at: hub.currentTime()))
        rooms.sendToAll(.error(RoomsError("Storage unavailable", details: Self.interruption)))
    }

    static let interruption = "Storage unavailable: live updates are paused until the database is back"
}
