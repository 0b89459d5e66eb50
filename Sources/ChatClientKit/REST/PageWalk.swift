/// Guards a walk through an untrusted server's pages (`--all`, history): items seen before
/// are dropped, a page with nothing new (the same page again, a server that ignores paging)
/// ends the walk with an error, and so does going past `maxPages`.
public struct PageWalk<ID: Hashable & Sendable>: Sendable {
    /// What is being paged, for the error ("conversations", "messages").
    public let noun: String
    public let maxPages: Int
    public private(set) var pages = 0
    private var seen: Set<ID> = []

    public init(of noun: String, maxPages: Int = 1_000) {
        self.noun = noun
        self.maxPages = maxPages
    }

    /// The items of the next page not seen before; throws `.misbehaving` when the page
    /// makes no progress or the walk is past `maxPages`.
    public mutating func admit<Item>(_ items: [Item], id: (Item) -> ID) throws(ChatError) -> [Item] {
        pages += 1
        guard pages <= maxPages else {
            throw .misbehaving("the server kept sending pages of \(noun) past \(maxPages); stopped after \(seen.count) \(noun)")
        }
        let fresh = items.filter { seen.insert(id($0)).inserted }
        if fresh.isEmpty, !items.isEmpty {
            throw .misbehaving("page \(pages) of \(noun) from the server held nothing new (the same page again); stopped after \(seen.count) \(noun)")
        }
        return fresh
    }
}
