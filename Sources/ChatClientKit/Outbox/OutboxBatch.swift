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

    init(_ changes: [OutboxChange]) {
        var removedLater: Set<String> = []
        var touchedLater: Set<String> = []
        steps.reserveCapacity(changes.count)
        for change in changes.reversed() {
            switch change {
            case .remove(let ids), .confirm(let ids):
                let now = ids.filter(touchedLater.contains)
                removedAtEnd += ids.filter { !touchedLater.contains($0) }
                steps.append(now.isEmpty ? .skip : .apply(.remove(now)))
                removedLater.formUnion(ids)
                touchedLater.formUnion(ids)
            case .add(let entry):
                added.append(entry)
                steps.append(removedLater.contains(entry.id) ? .skip : .apply(change))
                touchedLater.insert(entry.id)
            case .attempted(let id, _):
                steps.append(removedLater.contains(id) ? .skip : .apply(change))
                touchedLater.insert(id)
            case .failed(let ids, _), .unconfirmed(let ids):
                steps.append(.apply(change))
                touchedLater.formUnion(ids)
            case .retry(let id):
                steps.append(.apply(change))
                touchedLater.insert(id)
            }
        }
        steps.reverse()
        removedAtEnd.reverse()
        added.reverse()
    }
}
