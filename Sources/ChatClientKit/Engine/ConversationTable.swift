/// Something per conversation of a link, by id (its machine, its event stream); as a
/// sequence, the values. Most links carry one conversation (a socket per conversation), kept
/// inline: a one-entry dictionary allocates two buckets, about 1 KiB per open session for
/// the 480-byte machine. A second conversation turns the table into a dictionary for good.
struct ConversationTable<Value>: Sequence {
    fileprivate enum Storage {
        case empty
        case one(ConversationID, Value)
        case many([ConversationID: Value])
    }

    private var storage = Storage.empty

    subscript(id: ConversationID) -> Value? {
        get {
            switch storage {
            case .empty: nil
            case .one(let key, let value): key == id ? value : nil
            case .many(let values): values[id]
            }
        }
        _modify {
            // The storage lets go of what is yielded, so the value's buffers stay uniquely
            // referenced and are changed in place.
            if case .many(var values) = storage {
                storage = .empty
                defer { storage = .many(values) }
                yield &values[id]
            } else {
                var slot = takeSingle(id)
                defer { putSingle(id, slot) }
                yield &slot
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ConversationID) -> Value? {
        if case .many(var values) = storage {
            storage = .empty
            defer { storage = .many(values) }
            return values.removeValue(forKey: id)
        }
        return takeSingle(id)
    }

    mutating func removeAll() {
        storage = .empty
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
        switch storage {
        case .empty: Iterator(single: nil, rest: nil)
        case .one(_, let value): Iterator(single: value, rest: nil)
        case .many(let values): Iterator(single: nil, rest: values.values.makeIterator())
        }
    }

    /// The single value when it is `id`'s, moved out of the table.
    private mutating func takeSingle(_ id: ConversationID) -> Value? {
        guard case .one(let key, let value) = storage, key == id else { return nil }
        storage = .empty
        return value
    }

    /// Puts `value` back (or in) beside whatever single value the table holds.
    private mutating func putSingle(_ id: ConversationID, _ value: Value?) {
        guard let value else { return }
        switch storage {
        case .empty: storage = .one(id, value)
        case .one(let other, let first): storage = .many([other: first, id: value])
        case .many(var values):
            storage = .empty
            values[id] = value
            storage = .many(values)
        }
    }
}

extension ConversationTable: Sendable where Value: Sendable {}
extension ConversationTable.Storage: Sendable where Value: Sendable {}
