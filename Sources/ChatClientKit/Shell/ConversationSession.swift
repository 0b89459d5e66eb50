import Foundation

/// The app's handle on one open conversation: its events, and what the user does in it.
/// The conversation lives on a `Link` (its own socket, or the user's one socket,
/// depending on the dialect), which does the work.
///
/// Call `close()` when done.
public final class ConversationSession: Sendable {
    public let conversationID: ConversationID
    /// Everything that happens, for one consumer (the app); empty and finished for a session
    /// opened with a handler.
    public let events: AsyncStream<ConversationEvent>
    /// The client's executor (`ChatClient.executor`): the thread this conversation's socket
    /// and link run on.
    public let executor: any TaskExecutor

    private let link: Link
    private let service: any ConversationService

    init(
        conversationID: ConversationID, events: AsyncStream<ConversationEvent>, link: Link,
        service: any ConversationService, executor: any TaskExecutor
    ) {
        self.conversationID = conversationID
        self.events = events
        self.link = link
        self.service = service
        self.executor = executor
    }

    /// Queues a message: it is on disk before this returns, and goes out when connected.
    /// `clientID` (an idempotency key) defaults to a fresh UUID.
    @discardableResult
    public func send(_ content: String, kind: Message.Kind = .text, clientID: String? = nil) async throws(ChatError) -> OutboxEntry {
        let entry = OutboxEntry.new(in: conversationID, content: content, kind: kind, clientID: clientID)
        try await link.send(entry)
        return entry
    }

    /// Hands over a message the app already wrote to the outbox (`ChatClient.outbox.add`),
    /// e.g. synchronously on its UI thread so it is on disk before anything else happens.
    public func deliver(_ entry: OutboxEntry) async {
        await link.handle(.enqueue(entry))
    }

    /// Retries a failed message (e.g. after the conversation was reopened).
    public func retry(_ clientID: String) async {
        await link.handle(.retry(conversationID, clientID: clientID))
    }

    /// Drops a failed message from the outbox.
    public func discard(_ clientID: String) async {
        await link.handle(.discard(conversationID, clientID: clientID))
    }

    /// The user typed a key in this conversation's input.
    public func userTyped() async {
        await link.handle(.typed(conversationID))
    }

    /// The user cleared the input without sending.
    public func userClearedInput() async {
        await link.handle(.clearedInput(conversationID))
    }

    /// Up to `limit` messages older than `before`, oldest first.
    public func loadOlder(before: HistoryAnchor?, limit: Int = 50) async throws(ChatError) -> [Message] {
        try await service.messages(conversationID: conversationID, limit: limit, before: before)
    }

    /// Marks the whole conversation read on the server; the conversation as it now stands,
    /// when the server says (REST dialects).
    public func markRead() async throws(ChatError) -> Conversation? {
        await link.handle(.markRead(conversationID))
        return try await service.markConversationRead(conversationID)
    }

    /// Reconnects now (manual retry, also after an authentication failure).
    public func reconnect() async {
        await link.handle(.reconnect)
    }

    /// Leaves the conversation and ends the event stream. The outbox is kept.
    public func close() async {
        await link.detach(conversationID)
    }

    /// The connection state.
    public var state: ConnectionState {
        get async { await link.state }
    }
}
