import ChatModel

/// One instance on SQLite: committed messages go straight to the local sockets (from the
/// store's writer queue, so in commit order); typing and presence stay in the hub.
struct SingleInstanceRelay: EventRelay {
    let delivery: LocalDelivery

    var isLive: Bool { true }

    func willStore(_ id: MessageID, from source: MessageSource) {}
    func notStored(_ id: MessageID) {}

    func committed(_ message: Message, by authorID: String, source: MessageSource) {
        delivery.messageStored(message, by: authorID, source: source)
    }

    /// Delivered in `committed` already.
    func awaitDelivery(of message: Message) async {}

    func watch(_ conversationID: ConversationID, from position: Int64, besideOthers: Bool) {}
    func typing(in conversationID: ConversationID, userID: String, started: Bool) {}
    func presence(in conversationID: ConversationID, userID: String, present: Bool) {}
    func run() async {}
}
