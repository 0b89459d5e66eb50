/// The list envelope the `conversations` dialect returns: `{"items", "total", "page", "limit", "has_next"}`.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var total: Int
    public var page: Int
    public var limit: Int
    public var hasNext: Bool

    public init(items: [Item], total: Int, page: Int, limit: Int, hasNext: Bool) {
        self.items = items
        self.total = total
        self.page = page
        self.limit = limit
        self.hasNext = hasNext
    }

    enum CodingKeys: String, CodingKey {
        case items, total, page, limit
        case hasNext = "has_next"
    }
}

extension Page: Equatable where Item: Equatable {}
