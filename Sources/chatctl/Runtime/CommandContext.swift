import ChatClientKit
import Logging

/// What a command's body works with.
struct CommandContext: Sendable {
    let settings: ClientSettings
    let api: ChatAPI
    /// The list, one conversation, status changes and history, in the dialect's REST API.
    let directory: any ConversationDirectory
    let logger: Logger
}
