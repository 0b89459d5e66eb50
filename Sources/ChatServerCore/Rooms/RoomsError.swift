import ChatModel

/// A refusal answered with an `error {"error", "details"?}` frame; the socket stays open.
struct RoomsError: Error, Sendable, Equatable {
    let error: String
    let details: String?

    init(_ error: String, details: String? = nil) {
        self.error = error
        self.details = details
    }

    /// Not JSON, no `event`, `data` not an object, a missing or mistyped field; also every
    /// `join_room` on a server that rejects joins (then without details).
    static func invalidFormat(_ details: String? = nil) -> Self { .init("Invalid message format", details: details) }
    static func unknownEvent(_ event: String) -> Self { .init("Unknown event: \(event)") }
    static func roomNotFound(_ roomID: String) -> Self { .init("Room not found", details: roomID) }
    static func notInRoom(_ roomID: String) -> Self { .init("Not in room", details: roomID) }
    static func messageNotFound(_ messageID: String) -> Self { .init("Message not found", details: messageID) }
    static let rateLimited = Self("Rate limit exceeded")
    static let conversationClosed = Self("Conversation is closed")
    static let notStored = Self("Message could not be stored")
    static let storageUnavailable = Self("Storage unavailable", details: "the database cannot be reached; try again shortly")
}
