/// A set that remembers at most `capacity` elements: inserting one more forgets the
/// oldest inserted. Memory and work per insert are bounded whatever a server sends.
public struct RecentSet<Element: Hashable & Sendable>: Sendable {
    public let capacity: Int
    private var members: Set<Element> = []
    /// Insertion order as a ring: `ring[next]` is the oldest once the ring is full.
    private var ring: [Element] = []
    private var next = 0

    public init(capacity: Int) {
        self.capacity = max(capacity, 0)
    }

    public var count: Int { members.count }

    public func contains(_ element: Element) -> Bool { members.contains(element) }

    public mutating func insert(_ element: Element) {
        guard capacity > 0, members.insert(element).inserted else { return }
        if ring.count < capacity {
            ring.append(element)
            return
        }
        members.remove(ring[next])
        ring[next] = element
        next = (next + 1) % capacity
    }
}
