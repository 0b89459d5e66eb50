import ChatModel

/// How what happens on this instance reaches the sockets of every instance: committed
/// messages, typing and presence. `SingleInstanceRelay` hands messages straight to the local
/// sockets (SQLite); `PostgresRelay` goes through PostgreSQL's LISTEN/NOTIFY, where each
/// instance delivers to its own sockets exactly once.
protocol EventRelay: Sendable {
    /// Whether live delivery works now (the listener is connected); `/health` reports it.
    var isLive: Bool { get }

    /// A message from `source` is about to be stored under `id`.
    func willStore(_ id: MessageID, from source: MessageSource)
    /// It was not stored (refused, failed, or a duplicate).
    func notStored(_ id: MessageID)
    /// A message this instance stored, once durable.
    func committed(_ message: Message, by authorID: String, source: MessageSource)
    /// Returns once a message this instance stored has reached the sockets here (or could not
    /// in time), so that what its poster does next follows it.
    func awaitDelivery(of message: Message) async
    /// A socket here joined the conversation when its latest message had sequence `position`;
    /// `besideOthers` when other sockets here were already in it.
    func watch(_ conversationID: ConversationID, from position: Int64, besideOthers: Bool)
    /// Typing from a socket or a demo customer here (already shown to the sockets here).
    func typing(in conversationID: ConversationID, userID: String, started: Bool)
    /// The user's first socket in the conversation opened here, or their last one closed.
    func presence(in conversationID: ConversationID, userID: String, present: Bool)
    /// Background work, until the task is cancelled.
    func run() async
}
