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
        /// The server says nothing when a join succeeds, only an `error` when it fails. The
        /// client sends its joins followed by a heartbeat: the server answers frames in order,
        /// so the heartbeat's reply (`.pong`) confirms every join before it, and an error
        /// before the reply refuses them. Conversations whose join was refused wait for the
        /// server to put the client in them (an assignment, `.joined`).
        case barrier
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
        /// One sync request over the socket for every conversation: the server sends what
        /// was stored since the last sync (capped, paged forward by repeating the request).
        case socketSync
        /// Nothing: the server keeps no history. A message whose acknowledgement was lost has
        /// an unknown fate and becomes `.unconfirmed`: the user decides whether to resend it.
        case none
    }

    /// Where read marks go.
    public enum ReadMarks: Sendable, Equatable {
        /// A REST call marks the whole conversation read.
        case rest
        /// A frame on the socket names the messages read.
        case socket
    }

    /// What a close code from the server means.
    public enum CloseMeaning: Sendable, Equatable {
        /// The credentials were refused: final until the user acts.
        case authentication
        /// The conversation does not exist: final.
        case notFound
        /// The server refused the role the client asked for: final, a usage error.
        case badRole
        /// The server ended the connection on purpose: final.
        case normal
    }

    public var topology: Topology
    public var joins: Joins
    public var acknowledgement: Acknowledgement
    public var catchUp: CatchUp
    /// Close codes with a meaning; any other code is transient and reconnects.
    public var closeCodes: [Int: CloseMeaning]
    /// True when the server expects the client's own heartbeats (every
    /// `ConnectionPolicy.heartbeatInterval`) and answers them; false when the server keeps
    /// the connection alive by itself (its frames reset the idle deadline).
    public var clientHeartbeats: Bool
    public var readMarks: ReadMarks

    public init(
        topology: Topology, joins: Joins = .implicit, acknowledgement: Acknowledgement, catchUp: CatchUp,
        closeCodes: [Int: CloseMeaning], clientHeartbeats: Bool = false, readMarks: ReadMarks = .rest
    ) {
        self.topology = topology
        self.joins = joins
        self.acknowledgement = acknowledgement
        self.catchUp = catchUp
        self.closeCodes = closeCodes
        self.clientHeartbeats = clientHeartbeats
        self.readMarks = readMarks
    }

    /// At most one unacknowledged message per socket, across conversations.
    var oneInFlightPerSocket: Bool { acknowledgement == .uncorrelatedAck }
}
