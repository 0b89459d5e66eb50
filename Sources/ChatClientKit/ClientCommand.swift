import Foundation

/// What the client asks of a conversation socket, independent of the wire format.
public enum ClientCommand: Sendable, Equatable {
    case sendMessage(content: String, kind: Message.Kind, metadata: [String: JSONValue]?)
    case typingStart
    case typingStop
    case markRead([MessageID])
}
