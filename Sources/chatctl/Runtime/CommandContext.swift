import ChatClientKit
import Logging

/// What a command's body works with.
struct CommandContext: Sendable {
    let settings: ClientSettings
    let api: ChatAPI
    let logger: Logger
}
