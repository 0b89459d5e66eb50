/// The tunables of `ConnectionMachine`. Defaults follow the seeds and DESIGN.md.
public struct ConnectionPolicy: Sendable, Equatable {
    /// Delays between reconnect attempts: 1, 2, 4, 8, 16 s with jitter.
    public var backoff = Backoff()
    /// Reconnect attempts before switching to `waitingForUser`.
    public var maxAttempts = 5
    /// Interval of the quiet retries while waiting for the user.
    public var quietRetryInterval = 30.0
    /// Deadline of one connection attempt (connect, TLS, upgrade).
    public var connectTimeout = 10.0
    /// A connection with no inbound frame for this long is dead. The seed server sends a
    /// `ping` frame every 30 s, so 45 s notices a silently dropped network within 45 s.
    public var idleTimeout = 45.0
    /// Interval of WebSocket pings; a missing pong closes the socket after twice this.
    public var pingInterval = 15.0
    /// Interval of the client's own heartbeats, on servers that expect them
    /// (`DialectShape.clientHeartbeats`); their answers keep the idle deadline away, so at
    /// most a third of `idleTimeout` is used.
    public var heartbeatInterval = 15.0
    /// A connection must stay up this long before the attempt counter resets.
    public var stableAfter = 5.0

    public init() {}
}
