/// What a server family does beyond its frame format: how sockets map to conversations,
/// how a sent message is acknowledged, how a client catches up after a reconnect, what its
/// close codes mean and how it keeps a connection alive. `LinkMachine` reads these instead
/// of knowing dialects by name.
public struct DialectShape: Sendable, Equatable {
    /// How conversations map to sockets.
    public enum Topology: Sendable, Equatable {
        /// One socket per open conversation (the socket is the conversation).
        case socketPerConversation
        /// One socket per user carries every conversation.
        case socketPerUser
    }

    /// How a conversation is joined on a per-user socket.
    public enum Joins: Sendable, Equatable {
        /// Nothing to join: the socket carries the conversation(s) as soon as it is ready.
        case implicit
        /// The client sends a join command; the server confirms it with a `.joined` event.
        case confirmed
    }

    /// How the server tells the sender its message was stored.
    public enum Acknowledgement: Sendable, Equatable {
        /// The message comes back to its sender carrying its client id.
        case echo
        /// An ack frame that names neither the conversation nor the client id: only one
        /// message may be in flight per socket, or the ack cannot be attributed.
        case uncorrelatedAck
        /// An ack correlated with the message (an ack id): one in flight per conversation.
        case correlatedAck
    }

    /// How a client learns what it missed while disconnected.
    public enum CatchUp: Sendable, Equatable {
        /// Page back through REST history per conversation.
        case restHistory
    }

    /// What a close code from the server means.
    public enum CloseMeaning: Sendable, Equatable {
        /// The credentials were refused: final until the user acts.
        case authentication
        /// The conversation does not exist: final.
        case notFound
        /// The server ended the connection on purpose: final.
        case normal
    }

    public var topology: Topology
    public var joins: Joins
    public var acknowledgement: Acknowledgement
    public var catchUp: CatchUp
    /// Close codes with a meaning; any other code is transient and reconnects.
    public var closeCodes: [Int: CloseMeaning]
    /// Seconds between the client's own heartbeat commands; nil when the server keeps the
    /// connection alive by itself (its frames reset the idle deadline).
    public var heartbeatInterval: Double?

    public init(
        topology: Topology, joins: Joins = .implicit, acknowledgement: Acknowledgement, catchUp: CatchUp,
        closeCodes: [Int: CloseMeaning], heartbeatInterval: Double? = nil
    ) {
        self.topology = topology
        self.joins = joins
        self.acknowledgement = acknowledgement
        self.catchUp = catchUp
        self.closeCodes = closeCodes
        self.heartbeatInterval = heartbeatInterval
    }

    /// At most one unacknowledged message per socket, across conversations.
    var oneInFlightPerSocket: Bool { acknowledgement == .uncorrelatedAck }
}
