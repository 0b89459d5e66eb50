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
        }
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
