import ChatClientKit

/// Text from the server is clipped as it enters the app: no one reads a 20 MB message in a
/// terminal, and escaping and wrapping one on every frame would freeze the screen. A clipped
/// text says how much was left out. Clipping is deterministic, so a repeated message still
/// compares equal to the first copy.
enum DisplayClip {
    /// The most UTF-8 bytes of a message shown.
    static let messageBytes = 16_384
    /// The most UTF-8 bytes of a one-line field (a summary, a name, a notice).
    static let fieldBytes = 1_024

    static func text(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var end = text.startIndex
        var bytes = 0
        for character in text {
            bytes += character.utf8.count
            if bytes > limit { break }
            end = text.index(after: end)
        }
        let kept = text[..<end]
        return kept + " … [\(text.utf8.count - kept.utf8.count) more bytes not shown]"
    }

    static func message(_ message: Message) -> Message {
        var clipped = message
        clipped.content = text(message.content, limit: messageBytes)
        return clipped
    }

    static func conversation(_ conversation: Conversation) -> Conversation {
        var clipped = conversation
        clipped.summary = conversation.summary.map { text($0, limit: fieldBytes) }
        clipped.clientID = conversation.clientID.map { text($0, limit: fieldBytes) }
        clipped.assignedAgentID = conversation.assignedAgentID.map { text($0, limit: fieldBytes) }
        clipped.tags = conversation.tags.prefix(64).map { text($0, limit: fieldBytes) }
        return clipped
    }

    static func field(_ value: String) -> String { text(value, limit: fieldBytes) }
}

extension AppEvent {
    /// The event with every text from the server clipped (`DisplayClip`).
    var clippedForDisplay: AppEvent {
        switch self {
        case .listLoaded(let request, .success(var listing)):
            listing.items = listing.items.map(DisplayClip.conversation)
            return .listLoaded(request, .success(listing))
        case .previewLoaded(let id, .success(let message)):
            return .previewLoaded(id, .success(message.map(DisplayClip.message)))
        case .historyLoaded(let id, let before, let limit, .success(let messages)):
            return .historyLoaded(id, before: before, limit: limit, .success(messages.map(DisplayClip.message)))
        case .session(let id, .messages(let messages)):
            return .session(id, .messages(messages.map(DisplayClip.message)))
        case .statusChanged(let id, .success(let conversation)):
            return .statusChanged(id, .success(DisplayClip.conversation(conversation)))
        case .created(.success(let conversation)):
            return .created(.success(DisplayClip.conversation(conversation)))
        case .markedRead(let id, .success(let conversation)):
            return .markedRead(id, .success(conversation.map(DisplayClip.conversation)))
        case .user(.notice(let notice)):
            return .user(.notice(notice.clippedForDisplay))
        default:
            return self
        }
    }
}

extension ServerNotice {
    fileprivate var clippedForDisplay: ServerNotice {
        switch self {
        case .assigned(let id, let agent, let clientName):
            .assigned(id, agent: DisplayClip.field(agent), clientName: clientName.map(DisplayClip.field))
        case .queue:
            self
        case .queuePosition(let position, let wait):
            .queuePosition(position, estimatedWait: wait.map(DisplayClip.field))
        case .system(let text):
            .system(DisplayClip.field(text))
        case .conversationUpdated(let conversation):
            .conversationUpdated(DisplayClip.conversation(conversation))
        case .notification(let title, let message, let level):
            .notification(title: DisplayClip.field(title), message: DisplayClip.field(message), level: DisplayClip.field(level))
        }
    }
}
