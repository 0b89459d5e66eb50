import Foundation

/// The `rooms` dialect (PROTOCOLS.md §2, seed 003): one socket per user at
/// `/ws/chat/{user_id}?role=&token=` carrying every conversation as a room; joins the
/// server answers only when it refuses them; an uncorrelated `message_sent` ack; no
/// history; client heartbeats.
public struct RoomsDialect: Dialect {
    /// The roles a rooms server accepts; close code 4001 refuses any other.
    public static let roles = ["cliente", "atendente", "supervisor"]
    /// The role a client asks for unless told otherwise.
    public static let defaultRole = "atendente"

    public let name = "rooms"

    public let shape = DialectShape(
        topology: .socketPerUser, joins: .barrier, acknowledgement: .uncorrelatedAck, catchUp: .none,
        closeCodes: [4001: .badRole, 4002: .authentication, 4003: .authentication, 1000: .normal],
        clientHeartbeats: true, readMarks: .socket)

    /// Only admin endpoints beside the socket: no conversation list, no history.
    public let capabilities = DialectCapabilities.socketOnly

    /// The token is optional on some deployments (the user id then comes from `--user`).
    public let requiresToken = false

    public init() {}

    public func checkIdentity(of settings: ClientSettings) throws(ChatError) {
        try OpaqueID.checkUser(
            of: settings, dialect: name, how: "pass --user ID, set CHAT_USER, or use a token whose sub names the user")
        if let role = settings.role, !Self.roles.contains(role) {
            throw .usage("unknown role '\(role)' (valid roles: \(Self.roles.joined(separator: ", ")))")
        }
    }

    public func socketURL(for socket: SocketKey, settings: ClientSettings) -> String {
        var query = [("role", settings.role ?? Self.defaultRole)]
        if let token = settings.token { query.append(("token", token.value)) }
        return settings.server.socketURL("/ws/chat/" + (settings.userID ?? ""), query: query)
    }

    public func makeCodec(for socket: SocketKey, credentials: SocketCredentials) -> any DialectCodec {
        RoomsCodec()
    }

    /// Room ids are opaque (`conv_123`): anything printable of a sane length.
    public func validate(conversationID text: String) throws(ChatError) -> ConversationID {
        try OpaqueID.conversation(text, noun: "room id")
    }
}
