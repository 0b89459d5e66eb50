/// What a `ConversationSession` tells the app, in order, on its `events` stream.
public enum ConversationEvent: Sendable, Equatable {
    /// The connection state changed.
    case state(ConnectionState)
    /// Messages the session had not reported before (live, or fetched by a sync), in server order.
    case messages([Message])
    /// This conversation's outbox changed: entries still pending or failed, oldest first.
    case outbox([OutboxEntry])
    /// The users shown as typing changed.
    case typing([String])
    case presence(userID: String, online: Bool)
    /// The server refused something (an `error` frame).
    case serverError(ServerError)
    /// A frame the dialect could not read; the connection carries on.
    case unrecognized(raw: String, reason: String)
    /// A sync after reconnecting could not fetch everything it missed.
    case gap(String)
    /// The conversation came back from an outage: what it cost and what was recovered.
    case recovered(Recovery)
    /// Client ids of messages this client sent in the conversation in earlier runs (kept
    /// with the outbox), so the app can tell the user's own messages; sent once, on open.
    case sentBefore(Set<String>)
    /// Users read messages.
    case read(userID: String, messageIDs: [MessageID])
    /// The server refused to let the client join; it waits for an assignment instead.
    case joinRefused(String)
}
