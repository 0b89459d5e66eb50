/// The messages written and not answered yet, oldest first, with their send times, and
/// their ids as a set: an echo, a refusal or an entry out of write order is found without a
/// scan of the list.
struct InFlight: Sendable {
    private(set) var list: [(id: String, sentAt: Double)] = []
    private var ids: Set<String> = []

    var first: (id: String, sentAt: Double)? { list.first }
    var count: Int { list.count }
    var isEmpty: Bool { list.isEmpty }

    func contains(_ id: String) -> Bool { ids.contains(id) }

    mutating func append(_ id: String, sentAt: Double) {
        list.append((id, sentAt))
        ids.insert(id)
    }

    /// Removes `id`; its send time, or nil when it was not in flight.
    mutating func remove(_ id: String) -> Double? {
        guard ids.remove(id) != nil, let index = list.firstIndex(where: { $0.id == id }) else { return nil }
        return list.remove(at: index).sentAt
    }

    mutating func removeFirst() {
        ids.remove(list.removeFirst().id)
    }

    /// Empties it; what was in flight, oldest first.
    @discardableResult
    mutating func removeAll() -> [(id: String, sentAt: Double)] {
        defer {
            list = []
            ids = []
        }
        return list
    }
}
