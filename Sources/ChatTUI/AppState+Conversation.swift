import ChatClientKit
import Foundation

extension AppState {
    /// Creates the buffer of a conversation (its session and history) the first time it is needed.
    mutating func ensureBuffer(_ id: ConversationID) -> [Effect] {
        guard buffers[id] == nil else { return [] }
        buffers[id] = ConversationBuffer(id: id)
        return [
            .openSession(id, customerID: conversations[id]?.clientID),
            .loadHistory(id, before: nil, limit: settings.historyPageSize),
        ]
    }

    /// Puts a conversation on screen: its session keeps running after another one is shown.
    mutating func open(_ id: ConversationID) -> [Effect] {
        if let previous = openID, previous != id { buffers[previous]?.firstUnread = nil }
        if list.ids.contains(id) { list.selection = id }
        openID = id
        var effects = ensureBuffer(id)
        if case .failed = buffers[id]?.history {
            buffers[id]?.history = .loading
            effects.append(.loadHistory(id, before: nil, limit: settings.historyPageSize))
        }
        if var buffer = buffers[id] {
            buffer.awaitingUnreadMarker = true
            buffer.firstUnread = nil
            buffer.scrollOffset = 0
            buffer.unseenBelow = 0
            if (conversations[id]?.unreadCount ?? 0) > 0 || buffer.hasUnread { buffer.wantsMarkRead = true }
            buffers[id] = buffer
        }
        conversations[id]?.unreadCount = 0
        focus = openIsClosed ? .list : .input
        return effects + placeUnreadMarker(id) + flushMarkRead(id)
    }

    /// Places the "new messages" marker once the shown conversation has messages, and
    /// scrolls so the marker is on screen.
    mutating func placeUnreadMarker(_ id: ConversationID) -> [Effect] {
        guard id == openID, var buffer = buffers[id], buffer.awaitingUnreadMarker, !buffer.timeline.messages.isEmpty
        else { return [] }
        buffer.awaitingUnreadMarker = false
        buffer.firstUnread = buffer.oldestUnread
        if buffer.firstUnread != nil {
            let rows = transcript(of: buffer).lines
            if let marker = rows.firstIndex(where: { $0.spans.first?.role == .unreadMarker }) {
                let below = rows.count - marker
                buffer.scrollOffset = max(below - layout.messages.height, 0)
            }
        }
        buffers[id] = buffer
        return []
    }

    /// Marks the shown conversation read if it has unread messages and no call is running.
    mutating func flushMarkRead(_ id: ConversationID) -> [Effect] {
        guard id == openID, var buffer = buffers[id], buffer.wantsMarkRead, !buffer.markingRead,
              !buffer.awaitingUnreadMarker || buffer.timeline.messages.isEmpty && buffer.history != .loading
        else { return [] }
        buffer.wantsMarkRead = false
        buffer.markingRead = true
        buffers[id] = buffer
        return [.markRead(id)]
    }

    /// The transcript of `buffer` at the current width.
    func transcript(of buffer: ConversationBuffer) -> Transcript {
        Transcript(buffer, width: layout.messages.width, time: time, now: now.wall, historyIsLocal: settings.historyIsLocal)
    }

    /// How far up `buffer` can scroll, or nil if it is more than `offset` rows.
    private func maxScroll(of buffer: ConversationBuffer, beyond offset: Int) -> Int? {
        let height = layout.messages.height
        let tail = transcript(of: buffer).tail(rows: offset + height + 1)
        return tail.reachesTop ? max(tail.lines.count - height, 0) : nil
    }

    /// Scrolls the shown transcript by `rows` (positive: towards older messages), fetching
    /// an older page when the top is reached.
    mutating func scrollChat(by rows: Int) -> [Effect] {
        guard let id = openID, var buffer = buffers[id] else { return [] }
        let wanted = max(buffer.scrollOffset + rows, 0)
        let maxOffset = maxScroll(of: buffer, beyond: wanted) ?? wanted
        buffer.scrollOffset = min(wanted, maxOffset)
        var effects = buffer.scrollOffset == 0 ? backAtBottom(&buffer) : []
        if rows > 0, buffer.scrollOffset >= maxOffset, !buffer.timeline.reachedStart, !buffer.loadingOlder,
           buffer.history == .loaded, let oldest = buffer.timeline.oldest
        {
            buffer.loadingOlder = true
            effects.append(.loadHistory(id, before: oldest.anchor, limit: settings.historyPageSize))
        }
        buffers[id] = buffer
        return effects
    }

    /// The agent is at the bottom again: the window drops its oldest messages, or reloads the
    /// latest page when newer ones were dropped while scrolled up.
    mutating func backAtBottom(_ buffer: inout ConversationBuffer) -> [Effect] {
        buffer.unseenBelow = 0
        guard buffer.newerDropped else {
            buffer.trimWindow()
            return []
        }
        guard buffer.history == .loaded else { return [] }
        buffer.history = .loading
        return [.loadHistory(buffer.id, before: nil, limit: settings.historyPageSize)]
    }

    /// Keeps the scroll position inside the transcript (after a resize).
    mutating func clampScroll(_ id: ConversationID) {
        guard let buffer = buffers[id], buffer.scrollOffset > 0,
              let maxOffset = maxScroll(of: buffer, beyond: buffer.scrollOffset)
        else { return }
        buffers[id]?.scrollOffset = min(buffer.scrollOffset, maxOffset)
    }

    /// Applies a change at the bottom of a buffer (new messages, outbox); when the agent
    /// has scrolled up, the view keeps showing the same rows instead of jumping.
    /// The buffer leaves the dictionary while it changes: a shared copy would copy its whole
    /// timeline on every message.
    mutating func changeContent(of id: ConversationID, _ change: (inout ConversationBuffer) -> Void) {
        guard let (newest, before) = rowsBelowNewest(of: id), var buffer = buffers.removeValue(forKey: id) else { return }
        change(&buffer)
        buffers[id] = buffer
        guard let before else { return }
        let added = transcript(of: buffer).rowCount(after: newest) - before
        buffers[id]?.scrollOffset += max(added, 0)
    }

    /// The newest message of a buffer and, when the agent has scrolled up in it, the rows below that message.
    private func rowsBelowNewest(of id: ConversationID) -> (newest: MessageID?, rows: Int?)? {
        guard let buffer = buffers[id] else { return nil }
        let newest = buffer.timeline.newest?.id
        guard id == openID && buffer.scrollOffset > 0 else { return (newest, nil) }
        return (newest, transcript(of: buffer).rowCount(after: newest))
    }
}
