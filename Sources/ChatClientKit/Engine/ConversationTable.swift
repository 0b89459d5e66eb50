/// Something per conversation of a link, by id (its machine, its event stream); as a
/// sequence, the values. Most links carry one conversation (a socket per conversation), kept
/// inline: a one-entry dictionary allocates two buckets, about 1 KiB per open session for
/// the 480-byte machine. A second conversation turns the table into a dictionary for good.
/// Either way a value is read and changed where it is stored, never copied out and back.
struct ConversationTable<Value>: Sequence {
    /// The id of the one value held inline, while there is no dictionary.
    private var singleID: ConversationID?
    private var single: Value?
    private var many: [ConversationID: Value]?

    subscript(id: ConversationID) -> Value? {
        _read {
            if many != nil {
                yield many![id]
            } else if singleID == id {
                yield single
            } else {
                yield nil
            }
        }
        _modify {
            if many != nil {
                yield &many![id]
            } else if singleID == id {
                yield &single
                if single == nil { singleID = nil }
            } else {
                var added: Value?
                yield &added
                if let added { insert(added, for: id) }
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ConversationID) -> Value? {
        if many != nil { return many!.removeValue(forKey: id) }
        guard singleID == id else { return nil }
        singleID = nil
        defer { single = nil }
        return single
    }

    mutating func removeAll() {
        (singleID, single, many) = (nil, nil, nil)
    }

    struct Iterator: IteratorProtocol {
        fileprivate var single: Value?
        fileprivate var rest: Dictionary<ConversationID, Value>.Values.Iterator?

        mutating func next() -> Value? {
            if let value = single {
                single = nil
                return value
            }
            return rest?.next()
        }
    }

    func makeIterator() -> Iterator {
        Iterator(single: single, rest: many?.values.makeIterator())
    }

    /// Whether a value satisfies `predicate`, each read where it is stored: the sequence's
    /// own `contains(where:)` would copy the inline value into an iterator first.
    func contains(where predicate: (Value) throws -> Bool) rethrows -> Bool {
        if let many { return try many.values.contains(where: predicate) }
        return try single.map(predicate) ?? false
    }

    /// The earliest of the deadlines `deadline` gives for the values (nil when none gives
    /// one), each read where it is stored.
    func earliestDeadline(_ deadline: (Value) -> Double?) -> Double? {
        if let many { return many.values.reduce(nil) { earliest($0, deadline($1)) } }
        return single.flatMap(deadline)
    }

    /// Adds `value` under an id the table does not hold.
    private mutating func insert(_ value: Value, for id: ConversationID) {
        guard let singleID, let first = single else {
            (singleID, single) = (id, value)
            return
        }
        (self.singleID, single) = (nil, nil)
        many = [singleID: first, id: value]
    }
}

extension ConversationTable: Sendable where Value: Sendable {}
