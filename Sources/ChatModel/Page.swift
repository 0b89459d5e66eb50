/// The list envelope the `conversations` dialect returns: `{"items", "total", "page", "limit", "has_next"}`.
/// Decoding clamps the numbers (`WireCount`): `total` to 0 or more, `page` and `limit` to 1 or more.
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        items = try c.decode([Item].self, forKey: .items)
        total = WireCount.clamp(try c.decode(Int.self, forKey: .total))
        page = WireCount.clamp(try c.decode(Int.self, forKey: .page), lower: 1)
        limit = WireCount.clamp(try c.decode(Int.self, forKey: .limit), lower: 1)
        hasNext = try c.decode(Bool.self, forKey: .hasNext)
    }

    enum CodingKeys: String, CodingKey {
        case items, total, page, limit
        case hasNext = "has_next"
    }
}

extension Page: Equatable where Item: Equatable {}
