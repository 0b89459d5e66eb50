import ChatClientKit
import Foundation

extension AppState {
    /// The Elm-style update: applies `event` (its server texts clipped) and returns the
    /// effects to run.
    public mutating func update(_ event: AppEvent) -> [Effect] {
        switch event.clippedForDisplay {
        case .key(let key):
            return handle(key)
        case .resize(let newWidth, let newHeight):
            width = newWidth
            height = newHeight
            list.keepSelectionVisible(visible: layout.visibleConversations)
            if let id = openID { clampScroll(id) }
            return []
        case .tick(let instant):
            return tick(instant)
        case .terminate:
            quitting = true
            return [.quit]
        case .listLoaded(let request, let result):
            return listLoaded(request, result)
        case .previewLoaded(let id, .success(let message)):
            previews[id] = message
            return []
        case .previewLoaded:
            return []
        case .historyLoaded(let id, let before, let limit, let result):
            return historyLoaded(id, before: before, limit: limit, result)
        case .session(let id, let event):
            return sessionEvent(id, event)
        case .user(let event):
            return userEvent(event)
        case .sessionFailed(_, let reason):
            showNotice("cannot open the live connection: \(reason)", isError: true)
            return []
        case .queued(let entry):
            queued(entry)
            return []
        case .notQueued(let id, let text, let reason):
            if buffers[id]?.draft.isEmpty == true { buffers[id]?.draft = InputEditor(text) }
            showNotice("could not save the message: \(reason)", isError: true)
            return []
        case .statusChanged(let id, let result):
            return statusChanged(id, result)
        case .created(let result):
            return created(result)
        case .markedRead(let id, let result):
            return markedRead(id, result)
        case .storedOutbox(let entries):
            return storedOutbox(entries)
        case .clientIDGenerated(let id):
            if case .newConversation(var form) = overlay {
                form.setClientID(id)
                overlay = .newConversation(form)
            }
            return []
        }
    }

    private mutating func tick(_ instant: Instant) -> [Effect] {
        now = instant
        if let notice, notice.expiresAt <= now.monotonic { self.notice = nil }
        guard list.loading == nil, let last = list.lastLoad, now.monotonic - last >= settings.refreshInterval else { return [] }
        return refreshList()
    }

    /// Reloads the list as far as it was loaded, unless a load is already running.
    mutating func refreshList() -> [Effect] {
        guard list.loading == nil else { return [] }
        list.loading = .refresh
        return [.loadList(list.refreshRequest(pageSize: settings.listPageSize))]
    }

    /// Shows the list for `filter` from its first page.
    mutating func applyFilter(_ filter: ListFilter) -> [Effect] {
        guard filter != list.filter else { return [] }
        list.reset(filter: filter)
        return refreshList()
    }

    /// Loads the page after the window when the selection nears its end, or the page before
    /// it when the selection nears its start.
    mutating func loadMoreIfNeeded() -> [Effect] {
        guard list.loading == nil, let index = list.selectedIndex else { return [] }
        let after = list.canLoadMore && index >= list.ids.count - 3
        guard after || (list.canLoadEarlier && index < 3) else { return [] }
        list.loading = .more
        return [.loadList(list.adjacentRequest(after: after, pageSize: settings.listPageSize))]
    }

    /// `g` and `G`: the first or the last conversation of the whole list, loading its page
    /// when the window does not hold it.
    mutating func jump(toEnd: Bool) -> [Effect] {
        let held = toEnd ? !list.canLoadMore : !list.canLoadEarlier
        guard !held, list.loading == nil else {
            list.select(index: toEnd ? list.ids.count - 1 : 0)
            list.keepSelectionVisible(visible: layout.visibleConversations)
            return held ? loadMoreIfNeeded() : []
        }
        list.loading = .jump(thenOpen: false)
        return [.loadList(list.jumpRequest(toEnd: toEnd, pageSize: settings.listPageSize))]
    }

    private mutating func listLoaded(_ request: ListRequest, _ result: Result<ConversationListing, ChatError>) -> [Effect] {
        let listing: ConversationListing
        switch result {
        case .failure(let error):
            if list.failed(request, now: now.monotonic) { listHealth = .failed(error) }
            return []
        case .success(let value):
            listing = value
        }
        let wasLoaded = list.loaded
        let openLanding = list.loading == .jump(thenOpen: true)
        guard list.apply(request, listing, now: now.monotonic) else { return [] }
        listHealth = .online
        var effects: [Effect] = []
        var ring = false
        let kept = Set(list.ids)
        forgetUnlisted(keeping: kept)
        for conversation in listing.items where kept.contains(conversation.id) {
            let merged = merge(conversation)
            effects += merged.effects
            ring = ring || (wasLoaded && merged.newUnread)
        }
        list.sort(by: conversations)
        list.keepSelectionVisible(visible: layout.visibleConversations)
        if openLanding, let landed = list.selection { effects += open(landed) }
        if let id = openID { effects += flushMarkRead(id) }
        if ring && settings.bell { effects.append(.bell) }
        return effects
    }

    /// Forgets conversations neither listed nor opened, so memory follows the list's window.
    private mutating func forgetUnlisted(keeping listed: Set<ConversationID>) {
        conversations = conversations.filter { listed.contains($0.key) || buffers[$0.key] != nil }
        previews = previews.filter { listed.contains($0.key) }
        previewRequested = previewRequested.filter { listed.contains($0.key) }
    }

    /// Takes a conversation as the server now lists it: keeps the newest activity seen here,
    /// marks it read if it is open, and asks for a preview when it changed unseen. `newUnread`
    /// is true when it has more unread messages than before and nothing shows them.
    mutating func merge(_ listed: Conversation) -> (effects: [Effect], newUnread: Bool) {
        var conversation = listed
        let id = conversation.id
        var newUnread = false
        if let old = conversations[id] {
            conversation.lastUpdate = max(conversation.lastUpdate, old.lastUpdate)
            newUnread = conversation.unreadCount > old.unreadCount && id != openID && buffers[id] == nil
        }
        if id == openID && conversation.unreadCount > 0 {
            conversation.unreadCount = 0
            buffers[id]?.wantsMarkRead = true
        }
        conversations[id] = conversation
        guard buffers[id] == nil, previewRequested[id] != conversation.lastUpdate else { return ([], newUnread) }
        previewRequested[id] = conversation.lastUpdate
        return ([.loadPreview(id)], newUnread)
    }

    private mutating func historyLoaded(
        _ id: ConversationID, before: HistoryAnchor?, limit: Int, _ result: Result<[Message], ChatError>
    ) -> [Effect] {
        guard var buffer = buffers[id] else { return [] }
        switch result {
        case .success(let messages):
            if before == nil && buffer.newerDropped {
                buffer.timeline = Timeline(messages)
                buffer.newerDropped = false
                buffer.newestDropped = nil
            } else {
                buffer.timeline.merge(messages)
            }
            if messages.count < limit { buffer.timeline.reachedStart = true }
            if before == nil { buffer.history = .loaded } else { buffer.loadingOlder = false }
            let untrimmed = buffer
            buffer.trimWindow()
            if buffer.scrollOffset > 0, let newest = buffer.timeline.newest?.id, newest != untrimmed.timeline.newest?.id {
                let dropped = transcript(of: untrimmed).rowCount(after: newest) - transcript(of: buffer).rowCount(after: newest)
                buffer.scrollOffset = max(buffer.scrollOffset - dropped, 0)
            }
        case .failure(let error):
            if before == nil {
                buffer.history = buffer.timeline.messages.isEmpty ? .failed(error.description) : .loaded
            } else {
                buffer.loadingOlder = false
                if id == openID { showNotice("could not load older messages: \(error.description)", isError: true) }
            }
        }
        buffers[id] = buffer
        return placeUnreadMarker(id) + flushMarkRead(id)
    }

    private mutating func queued(_ entry: OutboxEntry) {
        let id = entry.conversationID
        guard var buffer = buffers[id] else { return }
        buffer.sentIDs.insert(entry.id)
        if !buffer.outbox.contains(where: { $0.id == entry.id }) { buffer.outbox.append(entry) }
        buffers[id] = buffer
    }

    private mutating func statusChanged(_ id: ConversationID, _ result: Result<Conversation, ChatError>) -> [Effect] {
        switch result {
        case .success(var conversation):
            if let old = conversations[id] { conversation.lastUpdate = max(conversation.lastUpdate, old.lastUpdate) }
            conversations[id] = conversation
            showNotice(conversation.status == .closed ? "conversation closed" : "conversation reopened")
        case .failure(let error):
            showNotice("could not change the status: \(error.description)", isError: true)
        }
        return []
    }

    private mutating func created(_ result: Result<Conversation, ChatError>) -> [Effect] {
        switch result {
        case .success(let conversation):
            conversations[conversation.id] = conversation
            list.insertAtTop(conversation.id)
            list.keepSelectionVisible(visible: layout.visibleConversations)
            if case .newConversation = overlay { overlay = nil }
            showNotice("conversation created")
            return open(conversation.id)
        case .failure(let error):
            guard case .newConversation(var form) = overlay else {
                showNotice("could not create the conversation: \(error.description)", isError: true)
                return []
            }
            form.submitting = false
            form.error = error.description
            overlay = .newConversation(form)
            return []
        }
    }

    /// The server marked the conversation read; REST servers say how it now stands.
    private mutating func markedRead(_ id: ConversationID, _ result: Result<Conversation?, ChatError>) -> [Effect] {
        guard var buffer = buffers[id] else { return [] }
        buffer.markingRead = false
        if case .success(let answer) = result {
            if var conversation = answer {
                if let old = conversations[id] { conversation.lastUpdate = max(conversation.lastUpdate, old.lastUpdate) }
                conversations[id] = conversation
            } else {
                conversations[id]?.unreadCount = 0
            }
            buffer.timeline.markAllRead()
        }
        buffers[id] = buffer
        return flushMarkRead(id)
    }

    private mutating func storedOutbox(_ entries: [OutboxEntry]) -> [Effect] {
        var effects: [Effect] = []
        for (id, group) in Dictionary(grouping: entries, by: \.conversationID) {
            effects += ensureBuffer(id)
            for entry in group { queued(entry) }
        }
        return effects
    }
}
