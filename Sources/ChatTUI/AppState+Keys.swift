import ChatClientKit
import Foundation

extension AppState {
    /// The longest message the reference server accepts, in characters, and a byte budget
    /// that keeps a message's frame under the server's 10 240-byte limit.
    static let maxMessageCharacters = 5_000
    static let maxMessageBytes = 9_000

    /// Routes a key to the overlay, the search prompt, or the focused pane.
    mutating func handle(_ key: Key) -> [Effect] {
        switch key {
        case .control("c"): return requestQuit()
        case .control("l"): return [.redraw]
        case .control("r") where overlay == nil: return reconnect()
        default: break
        }
        if let overlay { return handleOverlay(key, overlay) }
        if list.search != nil { return handleSearch(key) }
        switch key {
        case .wheelUp(let x, _): return x < layout.list.maxX ? moveSelection(by: -1) : scrollChat(by: 3)
        case .wheelDown(let x, _): return x < layout.list.maxX ? moveSelection(by: 1) : scrollChat(by: -3)
        case .click(let x, let y): return click(x: x, y: y)
        case .pageUp: return scrollChat(by: max(layout.messages.height - 1, 1))
        case .pageDown: return scrollChat(by: -max(layout.messages.height - 1, 1))
        default: break
        }
        switch focus {
        case .list: return handleListKey(key)
        case .input: return handleInputKey(key)
        }
    }

    /// Quits at once with an empty outbox; otherwise asks first (asking twice means yes).
    mutating func requestQuit() -> [Effect] {
        let pending = outboxCount.total
        let asked = if case .confirmQuit = overlay { true } else { false }
        guard pending == 0 || asked else {
            overlay = .confirmQuit(pending: pending)
            return []
        }
        quitting = true
        return [.quit]
    }

    private mutating func handleListKey(_ key: Key) -> [Effect] {
        switch key {
        case .up, .character("k"): return moveSelection(by: -1)
        case .down, .character("j"): return moveSelection(by: 1)
        case .home, .character("g"): return jump(toEnd: false)
        case .end, .character("G"): return jump(toEnd: true)
        case .enter, .right, .character("l"):
            if case .jump = list.loading {
                list.loading = .jump(thenOpen: true)
                return []
            }
            return list.selection.map { open($0) } ?? []
        case .tab:
            if openID != nil { focus = .input }
            return []
        case .character("/"):
            guard settings.capabilities.filtersConversations else {
                showNotice("this server cannot search conversations")
                return []
            }
            list.search = InputEditor(list.filter.search, multiline: false)
            return []
        case .character("f"), .character("p"):
            guard settings.capabilities.filtersConversations else {
                showNotice("this server cannot filter conversations")
                return []
            }
            var filter = list.filter
            if key == .character("f") {
                filter.status = ListFilter.next(after: filter.status)
            } else {
                filter.priority = ListFilter.next(after: filter.priority)
            }
            return applyFilter(filter)
        case .escape:
            return applyFilter(ListFilter())
        case .character("n") where !settings.capabilities.listsConversations:
            overlay = .joinRoom(InputEditor(multiline: false))
            return []
        case .character("n") where !settings.capabilities.createsConversations:
            showNotice("conversations on this server start with the customer; they cannot be created here")
            return []
        case .character("n"):
            overlay = .newConversation(NewConversationForm())
            return []
        case .character("c"), .character("o"):
            guard settings.capabilities.changesStatus else {
                showNotice("this server cannot close or reopen conversations")
                return []
            }
            return setStatus(key == .character("c") ? .closed : .active)
        case .character("r"):
            return resendFailed()
        case .character("x"):
            return discardFailed()
        case .character("R"):
            return reconnect()
        case .character("?"):
            overlay = .help(scroll: 0)
            return []
        case .character("q"):
            return requestQuit()
        default:
            return []
        }
    }

    private mutating func handleInputKey(_ key: Key) -> [Effect] {
        guard let id = openID, var buffer = buffers[id] else {
            focus = .list
            return []
        }
        switch key {
        case .escape, .tab:
            focus = .list
            return []
        case .enter:
            return send()
        default:
            break
        }
        guard !openIsClosed else { return [] }
        let wasEmpty = buffer.draft.isEmpty
        var typed = false
        switch key {
        case .character(let character):
            buffer.draft.insert(String(character))
            typed = true
        case .paste(let text):
            buffer.draft.insert(text)
            typed = true
        case .altEnter, .control("j"):
            buffer.draft.newline()
            typed = true
        case .backspace, .control("h"): buffer.draft.backspace()
        case .delete, .control("d"): buffer.draft.deleteForward()
        case .left, .control("b"): buffer.draft.moveLeft()
        case .right, .control("f"): buffer.draft.moveRight()
        case .home, .control("a"): buffer.draft.moveToLineStart()
        case .end, .control("e"): buffer.draft.moveToLineEnd()
        case .up: buffer.draft.moveUp()
        case .down: buffer.draft.moveDown()
        case .control("u"): buffer.draft.deleteToLineStart()
        case .control("k"): buffer.draft.deleteToLineEnd()
        case .control("w"), .altBackspace: buffer.draft.deleteWordBackward()
        case .alt("b"): buffer.draft.moveWordLeft()
        case .alt("f"): buffer.draft.moveWordRight()
        case .alt(let digit) where digit.wholeNumberValue.map { (1...buffer.latestQuickReplies.count).contains($0) } == true:
            buffer.draft.clear()
            buffer.draft.insert(buffer.latestQuickReplies[digit.wholeNumberValue! - 1])
            typed = true
        case .alt(let character):
            // Esc pressed quickly before a key arrives as Alt+key: act as Esc, then the key.
            focus = .list
            return handleListKey(.character(character))
        default: return []
        }
        buffers[id] = buffer
        if typed { return [.typed(id)] }
        return !wasEmpty && buffer.draft.isEmpty ? [.clearedInput(id)] : []
    }

    /// Enter in the input: the draft goes to the outbox (through an effect) and the view
    /// jumps to the bottom.
    private mutating func send() -> [Effect] {
        guard let id = openID, var buffer = buffers[id], !buffer.draft.isBlank else { return [] }
        guard !openIsClosed else {
            showNotice("this conversation is closed; press Esc, then o to reopen it", isError: true)
            return []
        }
        let text = buffer.draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > Self.maxMessageCharacters || text.utf8.count > Self.maxMessageBytes {
            showNotice(
                "message too long (\(text.count) characters, \(text.utf8.count) bytes); the limit is "
                    + "\(Self.maxMessageCharacters) characters and \(Self.maxMessageBytes) bytes",
                isError: true)
            return []
        }
        buffer.draft.clear()
        buffer.scrollOffset = 0
        let effects = backAtBottom(&buffer)
        buffers[id] = buffer
        return [.send(id, text)] + effects
    }

    private mutating func moveSelection(by delta: Int) -> [Effect] {
        list.moveSelection(by: delta)
        list.keepSelectionVisible(visible: layout.visibleConversations)
        return loadMoreIfNeeded()
    }

    private mutating func click(x: Int, y: Int) -> [Effect] {
        let layout = self.layout
        let entries = layout.listEntries
        if x >= entries.x, x < entries.maxX, y >= entries.y, y < entries.maxY {
            let index = list.scrollTop + (y - entries.y) / 2
            guard index < list.ids.count else { return [] }
            let id = list.ids[index]
            if list.selection == id { return open(id) }
            list.selection = id
            focus = .list
            return loadMoreIfNeeded()
        }
        if x >= layout.chat.x, openID != nil, !openIsClosed { focus = .input }
        return []
    }

    /// `c` and `o`: close or reopen the selected conversation (the shown one if none is selected).
    private mutating func setStatus(_ status: Conversation.Status) -> [Effect] {
        guard let id = list.selection ?? openID, let conversation = conversations[id] else { return [] }
        guard conversation.status != status else {
            showNotice(status == .closed ? "already closed" : "already active")
            return []
        }
        return [.setStatus(id, status)]
    }

    /// `r`: sends the failed and unconfirmed messages of the open conversation again.
    private mutating func resendFailed() -> [Effect] {
        guard let id = openID, let stuck = buffers[id]?.stuckOutbox, !stuck.isEmpty else {
            showNotice("no failed or unconfirmed messages in this conversation")
            return []
        }
        return [.retry(id, clientIDs: stuck.map(\.id))]
    }

    /// `x`: drops them.
    private mutating func discardFailed() -> [Effect] {
        guard let id = openID, let stuck = buffers[id]?.stuckOutbox, !stuck.isEmpty else {
            showNotice("no failed or unconfirmed messages in this conversation")
            return []
        }
        showNotice("discarded \(stuck.count) message\(stuck.count == 1 ? "" : "s")")
        return [.discard(id, clientIDs: stuck.map(\.id))]
    }

    /// `R` (Ctrl-R anywhere): reconnects every session that is not connected (a server that
    /// closed normally included) and reloads the list.
    private mutating func reconnect() -> [Effect] {
        let ids = buffers.values.filter { buffer in
            switch buffer.connection {
            case .closed(.byServer): true
            case .connected, .closed: false
            default: true
            }
        }.map(\.id).sorted()
        showNotice(ids.isEmpty ? "refreshing" : "reconnecting")
        return (ids.isEmpty ? [] : [.reconnect(ids)]) + refreshList()
    }
}
