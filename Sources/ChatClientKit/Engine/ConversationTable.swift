/// The conversations of a link by id; as a sequence, their machines. Most links carry one
/// conversation (a socket per conversation), kept inline: a one-entry dictionary allocates
/// two buckets of the 480-byte machine, about 1 KiB per open session. A second conversation
/// turns the table into a dictionary for good.
struct ConversationTable: Sequence {
    private enum Storage {
        case empty
        case one(ConversationID, ConversationMachine)
        case many([ConversationID: ConversationMachine])
    }

    private var storage = Storage.empty

    subscript(id: ConversationID) -> ConversationMachine? {
        get {
            switch storage {
            case .empty: nil
            case .one(let key, let machine): key == id ? machine : nil
            case .many(let machines): machines[id]
            }
        }
        _modify {
            // The storage lets go of what is yielded, so the machine's buffers stay uniquely
            // referenced and are changed in place.
            if case .many(var machines) = storage {
                storage = .empty
                defer { storage = .many(machines) }
                yield &machines[id]
            } else {
                var slot = takeSingle(id)
                defer { putSingle(id, slot) }
                yield &slot
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: ConversationID) -> ConversationMachine? {
        if case .many(var machines) = storage {
            storage = .empty
            defer { storage = .many(machines) }
            return machines.removeValue(forKey: id)
        }
        return takeSingle(id)
    }

    func makeIterator() -> AnyIterator<ConversationMachine> {
        switch storage {
        case .empty: AnyIterator { nil }
        case .one(_, let machine): AnyIterator(CollectionOfOne(machine).makeIterator())
        case .many(let machines): AnyIterator(machines.values.makeIterator())
        }
    }

    /// The single machine when it is `id`'s, moved out of the table.
    private mutating func takeSingle(_ id: ConversationID) -> ConversationMachine? {
        guard case .one(let key, let machine) = storage, key == id else { return nil }
        storage = .empty
        return machine
    }

    /// Puts `machine` back (or in) beside whatever single machine the table holds.
    private mutating func putSingle(_ id: ConversationID, _ machine: ConversationMachine?) {
        guard let machine else { return }
        switch storage {
        case .empty: storage = .one(id, machine)
        case .one(let other, let first): storage = .many([other: first, id: machine])
        case .many(var machines):
            storage = .empty
            machines[id] = machine
            storage = .many(machines)
        }
    }
}
