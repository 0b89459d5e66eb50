import Foundation

/// One server wire format: URLs, frame encoding, and frame decoding into `ServerEvent`s.
///
/// Decoding never throws: a frame the dialect cannot read becomes `.unrecognized`, so a
/// malformed or unexpected frame is logged and never breaks the connection.
public protocol Dialect: Sendable {
    /// The name users pass to `--dialect` / `CHAT_DIALECT`.
    var name: String { get }
    /// The WebSocket URL of a conversation, token included.
    func socketURL(server: ServerAddress, conversationID: ConversationID, token: String) -> String
    /// The text frame for a command.
    func encode(_ command: ClientCommand, now: Date) -> String
    /// The event a text frame carries.
    func decode(_ text: String) -> ServerEvent
}

/// The dialects this build speaks.
public enum Dialects {
    public static let all: [any Dialect] = [ConversationsDialect()]

    /// Looks up a dialect by name; the error lists the supported ones.
    public static func named(_ name: String) throws(ChatError) -> any Dialect {
        guard let dialect = all.first(where: { $0.name == name }) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw ChatError.usage("unsupported dialect '\(name)' (supported: \(known))")
        }
        return dialect
    }
}
