import ChatClientKit
import Foundation

/// The left pane: which conversations are listed, in what order, which one is selected,
/// and what is being loaded.
public struct ConversationList: Sendable, Equatable {
    /// A load in flight.
    public enum Loading: Sendable, Equatable {
        case refresh
        case more
        /// `g` or `G` landing on the first or last page; `thenOpen` once Enter was pressed
        /// meanwhile, so the conversation landed on opens rather than the one left behind.
        case jump(thenOpen: Bool)
    }

    /// True while pages beside the window (or at its far end) are on their way.
    public var loadsPages: Bool {
        switch loading {
        case .more, .jump: true
        case .refresh, nil: false
        }
    }

    public var filter = ListFilter()
    /// Listed conversations, newest `last_update` first.
    public internal(set) var ids: [ConversationID] = []
    /// Conversations matching the filter on the server.
    public internal(set) var total = 0
    public internal(set) var hasNext = false
    /// The window of server pages listed: `firstPage...pages` (a refresh reloads them all).
    public internal(set) var firstPage = 1
    public internal(set) var pages = 0
    public internal(set) var selection: ConversationID?
    /// Index of the first visible conversation.
    public internal(set) var scrollTop = 0
    public internal(set) var generation = 0
    public internal(set) var loading: Loading?
    /// True once a first answer arrived.
    public internal(set) var loaded = false
    /// The search prompt while it is open.
    public internal(set) var search: InputEditor?
    /// Monotonic time of the last finished load.
    public internal(set) var lastLoad: Double?

    /// The most conversations listed at once: past it, pages leave the window at the far end
    /// and come back when the selection returns there.
    public static let keptConversations = 2_000

    public init() {}

    /// True when the server has pages after the window.
    public var canLoadMore: Bool { hasNext }

    /// True when pages before the window left it.
    public var canLoadEarlier: Bool { firstPage > 1 }

    /// The number of the first listed conversation on the server's list (1 at the top).
    public var firstPosition: Int { (firstPage - 1) * pageSize + 1 }
    /// The page size of the last answer.
    private var pageSize = 1

    public var selectedIndex: Int? { selection.flatMap { ids.firstIndex(of: $0) } }

    /// Selects the conversation at `index` (clamped); nothing if the list is empty.
    mutating func select(index: Int) {
        guard !ids.isEmpty else { return }
        selection = ids[min(max(index, 0), ids.count - 1)]
    }

    /// Moves the selection by `delta` rows.
    mutating func moveSelection(by delta: Int) {
        select(index: (selectedIndex ?? -1) + delta)
        if selectedIndex == nil { select(index: 0) }
    }

    /// Scrolls so the selection is among the `visible` conversations shown.
    mutating func keepSelectionVisible(visible: Int) {
        let visible = max(visible, 1)
        if let index = selectedIndex {
            if index < scrollTop { scrollTop = index }
            if index >= scrollTop + visible { scrollTop = index - visible + 1 }
        }
        scrollTop = max(min(scrollTop, ids.count - visible), 0)
    }

    /// A request for the window's pages again.
    func refreshRequest(pageSize: Int) -> ListRequest {
        ListRequest(
            filter: filter, firstPage: firstPage, pageCount: max(pages - firstPage + 1, 1), pageSize: pageSize,
            generation: generation)
    }

    /// A request for the page after the window, or before it.
    func adjacentRequest(after: Bool, pageSize: Int) -> ListRequest {
        ListRequest(
            filter: filter, firstPage: after ? pages + 1 : firstPage - 1, pageCount: 1, pageSize: pageSize,
            generation: generation, placement: after ? .next : .previous)
    }

    /// A request for the first page, or the last one of `total`, replacing the window.
    func jumpRequest(toEnd: Bool, pageSize: Int) -> ListRequest {
        let last = max((total + max(pageSize, 1) - 1) / max(pageSize, 1), 1)
        return ListRequest(
            filter: filter, firstPage: toEnd ? last : 1, pageCount: 1, pageSize: pageSize, generation: generation,
            placement: .jump(toEnd: toEnd))
    }

    /// Starts over with a new filter: a new generation, nothing loaded yet.
    mutating func reset(filter: ListFilter) {
        self.filter = filter
        generation += 1
        firstPage = 1
        pages = 0
        hasNext = false
        scrollTop = 0
        loading = nil
    }

    /// Applies an answer; returns false if it was for an older filter.
    mutating func apply(_ request: ListRequest, _ listing: ConversationListing, now: Double) -> Bool {
        guard request.generation == generation else { return false }
        let incoming = listing.items.prefix(Self.keptConversations).map(\.id)
        pageSize = max(request.pageSize, 1)
        total = WireCount.clamp(listing.total)
        switch request.placement {
        case .reload, .jump:
            ids = incoming
            firstPage = request.firstPage
            pages = request.lastPage
            hasNext = listing.hasNext
            if case .jump(let toEnd) = request.placement {
                selection = toEnd ? ids.last : ids.first
                scrollTop = toEnd ? ids.count : 0
            }
            if selection.map({ !ids.contains($0) }) ?? true { selection = ids.first }
        case .next:
            let known = Set(ids)
            ids += incoming.filter { !known.contains($0) }
            pages = request.lastPage
            hasNext = listing.hasNext
            let excess = excessPages
            ids.removeFirst(min(excess * pageSize, ids.count))
            firstPage += excess
            scrollTop = max(scrollTop - excess * pageSize, 0)
        case .previous:
            let known = Set(ids)
            let added = incoming.filter { !known.contains($0) }
            ids.insert(contentsOf: added, at: 0)
            firstPage = request.firstPage
            scrollTop += added.count
            let excess = excessPages
            ids.removeLast(min(excess * pageSize, ids.count))
            pages -= excess
            hasNext = hasNext || excess > 0
        }
        if selection == nil { selection = ids.first }
        loading = nil
        loaded = true
        lastLoad = now
        return true
    }

    /// Whole pages beyond the window's bound.
    private var excessPages: Int {
        max((ids.count - Self.keptConversations + pageSize - 1) / pageSize, 0)
    }

    /// A load failed; returns false if it was for an older filter.
    mutating func failed(_ request: ListRequest, now: Double) -> Bool {
        guard request.generation == generation else { return false }
        loading = nil
        lastLoad = now
        return true
    }

    /// Re-sorts by last update after live changes, keeping the selection.
    mutating func sort(by conversations: [ConversationID: Conversation]) {
        ids.sort { lhs, rhs in
            let left = conversations[lhs]?.lastUpdate ?? .distantPast
            let right = conversations[rhs]?.lastUpdate ?? .distantPast
            return left != right ? left > right : lhs < rhs
        }
    }

    /// Moves one conversation whose last update changed to its place (the rest stay sorted).
    mutating func reposition(_ id: ConversationID, by conversations: [ConversationID: Conversation]) {
        guard let from = ids.firstIndex(of: id) else { return }
        ids.remove(at: from)
        let date = conversations[id]?.lastUpdate ?? .distantPast
        let to = ids.firstIndex { other in
            let otherDate = conversations[other]?.lastUpdate ?? .distantPast
            return otherDate != date ? otherDate < date : id < other
        } ?? ids.count
        ids.insert(id, at: to)
    }

    /// Adds a conversation the server announced (it sorts into place with `sort(by:)`).
    mutating func include(_ id: ConversationID) {
        guard !ids.contains(id) else { return }
        ids.append(id)
        total = WireCount.sum(total, 1)
        if selection == nil { selection = id }
    }

    /// Puts a conversation created here at the top.
    mutating func insertAtTop(_ id: ConversationID) {
        if !ids.contains(id) { total = WireCount.sum(total, 1) }
        ids.removeAll { $0 == id }
        ids.insert(id, at: 0)
        selection = id
    }
}
