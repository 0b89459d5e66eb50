/// Where a link sends one conversation's events: the session's stream, or a handler the
/// link calls on its own thread (`ChatClient.open(_:customerID:backfill:handler:)`), which costs no
/// task and no buffer per conversation.
enum EventSink: Sendable {
    case stream(AsyncStream<ConversationEvent>.Continuation)
    case handler(@Sendable (ConversationEvent) -> Void)

    func yield(_ event: ConversationEvent) {
        switch self {
        case .stream(let continuation): continuation.yield(event)
        case .handler(let handle): handle(event)
        }
    }

    /// Ends the stream; a handler is simply not called again.
    func finish() {
        if case .stream(let continuation) = self { continuation.finish() }
    }
}
