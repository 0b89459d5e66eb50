/// Behaviour of the `rooms` endpoint (`/ws/chat/{user_id}` and the `/ws/*` admin API); the
/// defaults are seed 003's.
public struct RoomsSettings: Sendable, Equatable {
    /// Accept sockets without a token ("token optional" deployments). A token that is present
    /// is still verified.
    public var allowsAnonymous = false
    /// Answer every `join_room` with `error {"error": "Invalid message format"}`, as one observed
    /// deployment does; rooms are then joined only through assignment.
    public var rejectsJoin = false
    /// An agent without a `heartbeat` for this long is away: not assignable, listed as away.
    public var heartbeatTimeout: Duration = .seconds(60)
    /// `message` events per user per minute (seed 003's `MAX_MESSAGES_PER_MINUTE`).
    public var messagesPerMinute = 60
    /// Whether the rule-based bot answers clientes in rooms without an assigned agent.
    public var botEnabled = true
    /// Sockets one user may hold at once (`WS_MAX_CONNECTIONS_PER_USER`); one more is closed with 1008.
    public var maxConnectionsPerUser = 3
    /// Frames queued for one socket before it is considered too slow and closed with 1013.
    public var outboxCapacity = 256

    public init() {}
}
