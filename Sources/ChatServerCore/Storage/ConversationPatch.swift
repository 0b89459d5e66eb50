import ChatModel
import Foundation

/// The fields a `PUT` or status change sets; a double optional distinguishes "set to null" from "not sent".
struct ConversationPatch: Sendable {
    var status: Conversation.Status?
    var assignedAgentID: UUID??
    var priority: Conversation.Priority?
    var summary: String??
    var tags: [String]?
}

/// Filters of `GET /api/conversations`.
struct ConversationFilter: Sendable {
    var clientID: UUID?
    var status: Conversation.Status?
    var priority: Conversation.Priority?
    var search: String?
}

/// A conversation after a change, with the status it had before (status transitions are logged).
struct ConversationChange: Sendable {
    let conversation: Conversation
    let previousStatus: Conversation.Status
}
