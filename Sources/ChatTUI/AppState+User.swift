import ChatClientKit
import Foundation
import TerminalText

extension AppState {
    /// Applies what happened on the user's socket: its state, assignments, the queue.
    mutating func userEvent(_ event: UserEvent) -> [Effect] {
        switch event {
        case .connection(let state):
            userSocket = state
            return []
        case .notice(.assigned(let id, _, let clientName)):
            let name = clientName.map { SafeText($0).text } ?? id.rawValue
            let effects = addConversation(id, title: clientName)
            showNotice("assigned to you: \(name) (\(SafeText(id.rawValue).text))")
            return effects + (settings.bell ? [.bell] : [])
        case .notice(.queue(let size, _)):
            queueSize = size
            return []
        case .notice(.queuePosition(let position, let wait)):
            showNotice("number \(position) in the queue" + (wait.map { " (about \(SafeText($0).text))" } ?? ""))
            return []
        case .notice(.system(let text)):
            showNotice("server: \(text)")
            return []
        case .notice(.conversationUpdated(let conversation)):
            return conversationUpdated(conversation)
        case .notice(.notification(let title, let message, let level)):
            let text = [title, message].filter { !$0.isEmpty }.map { SafeText($0).text }.joined(separator: ": ")
            showNotice(text.isEmpty ? "notification" : text, isError: level == "error" || level == "warning")
            return settings.bell ? [.bell] : []
        }
    }

    /// A conversation changed on the server (a new message, its status, a read mark): the
    /// list shows it as it now stands, and rings for new unread messages nothing shows.
    private mutating func conversationUpdated(_ conversation: Conversation) -> [Effect] {
        let merged = merge(conversation)
        list.include(conversation.id)
        list.reposition(conversation.id, by: conversations)
        list.keepSelectionVisible(visible: layout.visibleConversations)
        var effects = merged.effects
        if let id = openID { effects += flushMarkRead(id) }
        return effects + (merged.newUnread && settings.bell ? [.bell] : [])
    }

    /// Puts a conversation the server named (an assignment, a joined room) at the top of the list.
    mutating func addConversation(_ id: ConversationID, title: String?) -> [Effect] {
        if conversations[id] == nil {
            let date = now.wall
            conversations[id] = Conversation(
                id: id, clientID: nil, status: .active, channel: nil, priority: nil, summary: title, startDate: date,
                lastUpdate: date, createdAt: date, updatedAt: date)
        } else if let title {
            conversations[id]?.summary = title
        }
        list.insertAtTop(id)
        return ensureBuffer(id)
    }

    /// Joins a room by its id (servers without a conversation API) and opens it.
    mutating func joinRoom(_ text: String) -> [Effect] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        let id = ConversationID(trimmed)
        return addConversation(id, title: nil) + open(id)
    }
}
