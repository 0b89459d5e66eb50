import Foundation

/// The `conversations` dialect (PROTOCOLS.md §1, seeds 000/001): one socket per
/// conversation at `/ws/{conversation_id}?token=JWT`, the sender's echo as the
/// acknowledgement, REST history to catch up, and UUID ids.
public struct ConversationsDialect: Dialect {
    public let name = "conversations"

    public let shape = DialectShape(
        topology: .socketPerConversation, acknowledgement: .echo, catchUp: .restHistory,
        closeCodes: [
            4001: .authentication, 4002: .authentication, 4003: .authentication, 1008: .authentication,
            4004: .notFound, 1000: .normal,
        ])

    public let capabilities = DialectCapabilities.all

    public let requiresToken = true

    public init() {}

    /// The token says who the user is; nothing else to check.
    public func checkIdentity(of settings: ClientSettings) throws(ChatError) {}

    public func socketURL(for socket: SocketKey, settings: ClientSettings) -> String {
        guard case .conversation(let id) = socket else { return "" }
        return settings.server.socketURL("/ws/" + id.rawValue, query: [("token", settings.token?.value ?? "")])
    }

    public func makeCodec(for socket: SocketKey, credentials: SocketCredentials) -> any DialectCodec {
        guard case .conversation(let id) = socket else {
            preconditionFailure("the conversations dialect has one socket per conversation")
        }
        return ConversationsCodec(conversationID: id)
    }

    public func validate(conversationID text: String) throws(ChatError) -> ConversationID {
        guard let uuid = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw .usage("'\(text)' is not a conversation id: expected a UUID such as 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab")
        }
        return ConversationID(uuid)
    }
}
