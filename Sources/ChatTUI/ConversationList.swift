import ChatClientKit
import Foundation

/// The left pane: which conversations are listed, in what order, which one is selected,
/// and what is being loaded.
public struct ConversationList: Sendable, Equatable {
    /// A load in flight.
    public enum Loading: Sendable, Equatable {
        case refresh
        case more
    }

    public var filter = ListFilter()
    /// Listed conversations, newest `last_update` first.
    public internal(set) var ids: [ConversationID] = []
    /// Conversations matching the filter on the server.
    public internal(set) var total = 0
    public internal(set) var hasNext = false
    /// Pages loaded so far (a refresh reloads them all).
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

    /// The most conversations listed at once; a longer list is narrowed with search and filters.
    public static let keptConversations = 2_000

    public init() {}

    /// True when the server has more and the window has room for another page.
    public var canLoadMore: Bool { hasNext && ids.count < Self.keptConversations }

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

    /// A request for the whole list as loaded so far, from the top.
    func refreshRequest(pageSize: Int) -> ListRequest {
        ListRequest(filter: filter, firstPage: 1, pageCount: max(pages, 1), pageSize: pageSize, generation: generation)
    }

    /// Starts over with a new filter: a new generation, nothing loaded yet.
    mutating func reset(filter: ListFilter) {
        self.filter = filter
        generation += 1
        pages = 0
        hasNext = false
        scrollTop = 0
        loading = nil
    }

    /// Applies an answer; returns false if it was for an older filter.
    mutating func apply(_ request: ListRequest, _ listing: ConversationListing, now: Double) -> Bool {
        guard request.generation == generation else { return false }
        let incoming = listing.items.prefix(Self.keptConversations).map(\.id)
        if request.isRefresh {
            ids = incoming
            if selection.map({ !ids.contains($0) }) ?? true { selection = ids.first }
        } else {
            let known = Set(ids)
            ids += incoming.filter { !known.contains($0) }.prefix(max(Self.keptConversations - ids.count, 0))
            if selection == nil { selection = ids.first }
        }
        pages = request.firstPage + request.pageCount - 1
        total = WireCount.clamp(listing.total)
        hasNext = listing.hasNext
        loading = nil
        loaded = true
        lastLoad = now
        return true
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
