/// Client-side limits that keep a client under the server's (seed defaults).
public struct ClientLimits: Sendable, Equatable {
    /// Messages per minute per user; messages beyond wait, they are not dropped.
    public var messagesPerMinute = 100
    /// Typing events per minute per user.
    public var typingPerMinute = 10
    /// Seconds a sent message may wait for its echo before the session resyncs.
    public var ackTimeout = 15.0
    /// Messages of one conversation written and not answered yet, at most (one per socket
    /// on servers whose acknowledgement names no message). 64 is twice what chat-server takes
    /// from one socket at once (32), so its queue stays full while echoes come back and the
    /// next messages go out.
    public var sendWindow = 64

    public init(messagesPerMinute: Int = 100, typingPerMinute: Int = 10, ackTimeout: Double = 15, sendWindow: Int = 64) {
        self.messagesPerMinute = messagesPerMinute
        self.typingPerMinute = typingPerMinute
        self.ackTimeout = ackTimeout
        self.sendWindow = max(sendWindow, 1)
    }
}
