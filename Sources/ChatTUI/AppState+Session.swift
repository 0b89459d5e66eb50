import ChatClientKit
import Foundation

extension AppState {
    /// Applies what a conversation's live session reported.
    mutating func sessionEvent(_ id: ConversationID, _ event: ConversationEvent) -> [Effect] {
        guard let buffer = buffers[id] else { return [] }
        switch event {
        case .state(let state):
            buffers[id]?.connection = state
            return []
        case .messages(let messages):
            return received(messages, in: id, initial: buffer.timeline.messages.isEmpty && buffer.history == .loading)
        case .outbox(let entries):
            changeContent(of: id) { $0.outbox = entries }
            return []
        case .typing(let users):
            buffers[id]?.typing = users
            return []
        case .serverError(let error):
            if id == openID { showNotice("server: \(error.message)", isError: error.kind != .rateLimited) }
            return []
        case .gap(let text), .joinRefused(let text):
            if id == openID { showNotice(text, isError: true) }
            return []
        case .recovered(let recovery):
            changeContent(of: id) {
                $0.recoveries.append(recovery)
                $0.recoveries.removeFirst(max($0.recoveries.count - ConversationBuffer.keptRecoveries, 0))
            }
            if id == openID { showNotice(recovery.summary, isError: recovery.unrecovered != nil) }
            return []
        case .sentBefore(let clientIDs):
            changeContent(of: id) { $0.sentIDs.formUnion(clientIDs) }
            return []
        case .read(_, let messageIDs):
            changeContent(of: id) { $0.timeline.markRead(messageIDs) }
            return []
        case .presence, .unrecognized:
            return []
        }
    }

    /// New messages from a session: timeline, list order and preview, unread count, bell,
    /// and the "N new" count when the agent has scrolled up.
    private mutating func received(_ messages: [Message], in id: ConversationID, initial: Bool) -> [Effect] {
        var added: [Message] = []
        changeContent(of: id) { added = $0.receive(messages) }
        guard let newest = added.max(by: { $0.timestamp < $1.timestamp }) else { return [] }
        if var conversation = conversations[id] {
            conversation.lastUpdate = max(conversation.lastUpdate, newest.timestamp)
            conversations[id] = conversation
            list.reposition(id, by: conversations)
            list.keepSelectionVisible(visible: layout.visibleConversations)
        }
        let fromCustomer = added.filter { $0.sender != .admin }
        if id == openID {
            if buffers[id]?.scrollOffset ?? 0 > 0 { buffers[id]?.unseenBelow += added.count }
            if !fromCustomer.isEmpty { buffers[id]?.wantsMarkRead = true }
            return placeUnreadMarker(id) + flushMarkRead(id)
        }
        guard !initial, !fromCustomer.isEmpty else { return [] }
        if let unread = conversations[id]?.unreadCount {
            conversations[id]?.unreadCount = WireCount.sum(unread, fromCustomer.count)
        }
        return settings.bell && fromCustomer.contains { $0.sender == .client } ? [.bell] : []
    }
}
