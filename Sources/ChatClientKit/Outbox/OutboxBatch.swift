/// How a batch of outbox changes (the intake's, in order) goes into SQLite with fewer
/// statements and the same result as applying each in turn:
/// - a change to a message that a later change in the batch removes is moot: its add writes
///   only the message's `sent` record, its attempts nothing;
/// - a removal of a message that no later change in the batch touches waits for one
///   `DELETE … IN` at the end (nothing between could see the row);
/// - the `sent` records go in together at the end (their order is that of the adds).
struct OutboxBatch {
    enum Step: Equatable {
        /// Apply this change here: the change itself, or for a removal the messages that a
        /// later change in the batch touches again.
        case apply(OutboxChange)
        /// Nothing to do here.
        case skip
    }

    /// What to do at each change's place, in order.
    private(set) var steps: [Step] = []
    /// Messages removed at the end, in one statement.
    private(set) var removedAtEnd: [String] = []
    /// Every message added, for its `sent` record, in order.
    private(set) var added: [OutboxEntry] = []
    /// Messages whose add a later removal in the batch makes moot.
    private(set) var addedAndRemoved: Set<String> = []

    init(_ changes: [OutboxChange]) {
        /// The messages a later change in the batch touches, true for those one removes:
        /// one lookup per message and change.
        var later: [String: Bool] = [:]
        later.reserveCapacity(changes.count)
        steps.reserveCapacity(changes.count)
        for change in changes.reversed() {
            switch change {
            case .remove(let ids), .confirm(let ids):
                var now: [String] = []
                for id in ids {
                    if later[id] == nil { removedAtEnd.append(id) } else { now.append(id) }
                }
                for id in ids { later[id] = true }
                steps.append(now.isEmpty ? .skip : .apply(.remove(now)))
            case .add(let entry):
                added.append(entry)
                if Self.touch(entry.id, in: &later) {
                    addedAndRemoved.insert(entry.id)
                    steps.append(.skip)
                } else {
                    steps.append(.apply(change))
                }
            case .attempted(let id, _):
                steps.append(Self.touch(id, in: &later) ? .skip : .apply(change))
            case .failed(let ids, _), .unconfirmed(let ids):
                steps.append(.apply(change))
                for id in ids { _ = Self.touch(id, in: &later) }
            case .retry(let id):
                steps.append(.apply(change))
                _ = Self.touch(id, in: &later)
            }
        }
        steps.reverse()
        removedAtEnd.reverse()
        added.reverse()
    }

    /// Notes that a change touches `id`; true when a later change removes it. One lookup:
    /// the default is entered in place when the message is not there yet.
    private static func touch(_ id: String, in later: inout [String: Bool]) -> Bool {
        func removed(_ flag: inout Bool) -> Bool { flag }
        return removed(&later[id, default: false])
    }
}
