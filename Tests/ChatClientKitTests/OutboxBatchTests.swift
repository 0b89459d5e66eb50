import Foundation
import Testing

@testable import ChatClientKit

/// How a batch of outbox changes is planned: what a later removal makes moot, which removals
/// wait for one statement at the end, and which must happen in place.
@Suite struct OutboxBatchTests {
    static func entry(_ id: String) -> OutboxEntry {
        OutboxEntry(id: id, conversationID: "c", content: id, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    @Test func aMessageAddedAndConfirmedInOneBatchOnlyLeavesItsSentRecord() {
        let date = Date(timeIntervalSince1970: 1_700_000_001)
        let batch = OutboxBatch([
            .add(Self.entry("a")), .attempted("a", at: date), .add(Self.entry("b")), .confirm(["a"]),
        ])
        #expect(batch.steps == [.skip, .skip, .apply(.add(Self.entry("b"))), .skip])
        #expect(batch.removedAtEnd == ["a"], "the row an earlier batch may hold under the same id goes too")
        #expect(batch.added.map(\.id) == ["a", "b"])
        #expect(batch.addedAndRemoved == ["a"])
    }

    @Test func aRemovalFollowedByAnotherChangeOfTheSameMessageHappensInPlace() {
        let batch = OutboxBatch([.remove(["a", "b"]), .add(Self.entry("a")), .failed(["c"], reason: "no")])
        #expect(batch.steps == [.apply(.remove(["a"])), .apply(.add(Self.entry("a"))), .apply(.failed(["c"], reason: "no"))])
        #expect(batch.removedAtEnd == ["b"])
        #expect(batch.added.map(\.id) == ["a"])
        #expect(batch.addedAndRemoved.isEmpty, "the add follows the removal")
    }

    @Test func changesWithoutALaterRemovalAreAppliedInOrder() {
        let date = Date(timeIntervalSince1970: 1_700_000_001)
        let changes: [OutboxChange] = [
            .add(Self.entry("a")), .attempted("a", at: date), .unconfirmed(["a"]), .retry("a"),
        ]
        #expect(OutboxBatch(changes).steps == changes.map(OutboxBatch.Step.apply))
        #expect(OutboxBatch(changes).removedAtEnd.isEmpty)
    }
}
