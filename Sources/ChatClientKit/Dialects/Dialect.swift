import Foundation

/// One server family: its shape, its socket URLs and a fresh codec per socket attempt.
///
/// A dialect is static description; everything that changes while a socket lives is in
/// the codec it makes, and everything about delivery is in `LinkMachine`.
public protocol Dialect: Sendable {
    /// The name users pass to `--dialect` / `CHAT_DIALECT`.
    var name: String { get }
    var shape: DialectShape { get }
    /// What the server offers beyond its sockets.
    var capabilities: DialectCapabilities { get }
    /// True when the server refuses every client without a token.
    var requiresToken: Bool { get }
    /// Checks that the settings name the user and role this dialect's sockets need; the
    /// usage error says which flag or variable to set.
    func checkIdentity(of settings: ClientSettings) throws(ChatError)
    /// The WebSocket URL of a socket, token included.
    func socketURL(for socket: SocketKey, settings: ClientSettings) -> String
    /// A codec for one socket attempt; `credentials` for dialects that authenticate or
    /// register inside the socket rather than in its URL.
    func makeCodec(for socket: SocketKey, credentials: SocketCredentials) -> any DialectCodec
    /// Checks a conversation id typed by a user; throws a usage error naming the expected form.
    func validate(conversationID: String) throws(ChatError) -> ConversationID
    /// The server's conversations over `api`'s connection; `api` itself unless the dialect's
    /// REST API differs from the `conversations` one.
    func makeDirectory(api: ChatAPI) -> any ConversationDirectory
}

extension Dialect {
    public func makeDirectory(api: ChatAPI) -> any ConversationDirectory {
        api
    }

    /// A codec that needs no credentials.
    public func makeCodec(for socket: SocketKey) -> any DialectCodec {
        makeCodec(for: socket, credentials: SocketCredentials())
    }
}

/// What a codec may need to open its socket: the token and the user it names.
public struct SocketCredentials: Sendable, Equatable {
    public var token: String?
    public var userID: String?

    public init(token: String? = nil, userID: String? = nil) {
        self.token = token
        self.userID = userID
    }
}

/// Which socket of a user: the one of a conversation, or the user's only one.
public enum SocketKey: Sendable, Hashable {
    case conversation(ConversationID)
    case user
}

/// The dialects this build speaks.
public enum Dialects {
    public static let all: [any Dialect] = [ConversationsDialect(), RoomsDialect(), SocketIODialect()]

    /// Looks up a dialect by name; the error lists the supported ones.
    public static func named(_ name: String) throws(ChatError) -> any Dialect {
        guard let dialect = all.first(where: { $0.name == name }) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw ChatError.usage("unsupported dialect '\(name)' (supported: \(known))")
        }
        return dialect
    }
}
