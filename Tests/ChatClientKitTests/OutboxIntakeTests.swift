import Foundation
import TestSupport
import Testing
@testable import ChatClientKit

/// The outbox's intake: what a client killed before its changes reached the database left
/// in its intake file is stored by the next outbox on the file, once; an outbox that is
/// still open keeps its own.
@Suite struct OutboxIntakeTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-intake-\(UUID())")
    let conversation = ConversationID(UUID())
    var path: String { directory.appendingPathComponent("o.sqlite").path }

    /// The files of the outbox at `path` as a killed process leaves them, copied beside a
    /// new database path (the intake's slot 0 replaced by `intake` when given).
    func crashCopy(intake: [UInt8]? = nil) throws -> String {
        let copy = directory.appendingPathComponent("crashed-\(UUID())")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for suffix in ["", "-wal", ".intake-0"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy.appendingPathComponent("o.sqlite" + suffix).path)
        }
        if let intake { try Data(intake).write(to: copy.appendingPathComponent("o.sqlite.intake-0")) }
        return copy.appendingPathComponent("o.sqlite").path
    }

    /// The frames in an intake file, without the zeros reserved after them.
    func intakeBytes(slot: Int = 0) throws -> [UInt8] {
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: OutboxIntake.path(beside: path, slot: slot))))
        var frames: [UInt8] = []
        for batch in try IntakeRecord.decode(file) { IntakeRecord.encode(number: batch.number, changes: batch.changes, into: &frames) }
        return frames
    }

    func intakeFileSize(slot: Int = 0) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: OutboxIntake.path(beside: path, slot: slot))[.size] as? Int ?? -1
    }

    @Test func whatAKilledClientLeftInItsIntakeIsStoredByTheNextOutbox() throws {
        let outbox = try Outbox(path: path)
        let first = try outbox.add(conversationID: conversation, content: "first")
        let dropped = try outbox.add(conversationID: conversation, content: "dropped")
        let last = try outbox.add(conversationID: conversation, content: "last")
        try outbox.markAttempted(first.id, now: Date(timeIntervalSince1970: 100))
        try outbox.remove([dropped.id])
        #expect(!(try intakeBytes()).isEmpty, "the changes wait in the intake")

        let recovered = try Outbox(path: try crashCopy())
        let entries = try recovered.entries()
        #expect(entries.map(\.id) == [first.id, last.id])
        #expect(entries.map(\.attempts) == [1, 0])
        #expect(entries.first?.firstAttemptAt == Date(timeIntervalSince1970: 100))
        #expect(try recovered.sentClientIDs(conversationID: conversation) == [first.id, dropped.id, last.id])
    }

    /// Killed after the transaction that stored batches 1 and 2, before their file was
    /// emptied: the next outbox stores only batch 3, so the attempt of batch 2 counts once.
    @Test func batchesTheDatabaseAlreadyHasAreNotStoredAgain() throws {
        let outbox = try Outbox(path: path)
        let entry = try outbox.add(conversationID: conversation, content: "once")
        try outbox.markAttempted(entry.id)
        let storedBatches = try intakeBytes()
        try outbox.flush()
        #expect(try intakeBytes().isEmpty)
        try outbox.markAttempted(entry.id)

        let recovered = try Outbox(path: try crashCopy(intake: storedBatches + (try intakeBytes())))
        #expect(try recovered.entries().map(\.attempts) == [2])
    }

    @Test func anotherOpenOutboxTakesTheNextSlotAndLeavesALiveIntakeAlone() throws {
        var first: Outbox? = try Outbox(path: path)
        let entry = try #require(first).add(conversationID: conversation, content: "still in the first's intake")
        let second = try Outbox(path: path)
        #expect(try second.entries().isEmpty, "the first outbox's change is not in the database yet")
        #expect(!(try intakeBytes(slot: 0)).isEmpty, "nor taken from its intake")
        #expect(FileManager.default.fileExists(atPath: OutboxIntake.path(beside: path, slot: 1)))

        first = nil
        #expect(try second.entries().map(\.id) == [entry.id], "released, the first stored it")
        #expect(try intakeBytes(slot: 0).isEmpty)
    }

    /// A batch larger than the space reserved grows the file; it is past the commit size, so
    /// it goes into the database at once and the grown space is given back. A client killed
    /// then loses nothing.
    @Test func aBatchBeyondTheReservedSpaceGrowsTheFileUntilItIsInTheDatabase() throws {
        let outbox = try Outbox(path: path)
        let small = try outbox.add(conversationID: conversation, content: "small")
        #expect(try intakeFileSize() == OutboxIntake.reserved, "space is reserved ahead")
        let text = String(repeating: "é", count: OutboxIntake.reserved)
        let large = try outbox.add(conversationID: conversation, content: text)
        #expect(try intakeFileSize() == 0, "stored, and the grown file emptied")
        let after = try outbox.add(conversationID: conversation, content: "after")
        #expect(try intakeFileSize() == OutboxIntake.reserved)

        let recovered = try Outbox(path: try crashCopy())
        #expect(try recovered.entries().map(\.id) == [small.id, large.id, after.id])
        #expect(try recovered.entries()[1].content == text)
        try outbox.flush()
        #expect(try intakeFileSize() == OutboxIntake.reserved, "the reserved space is kept")
        #expect(try intakeBytes().isEmpty, "and holds no frame")
    }

    /// Growing the file fails (its descriptor points at /dev/full for a while): that batch
    /// is refused whole, what was written before it stays, and the next one goes in.
    @Test func aBatchThatCannotGrowTheFileIsRefusedAndNothingElseIsLost() async throws {
        let outbox = try Outbox(path: path)
        let before = try outbox.add(conversationID: conversation, content: "before")
        try await DiskFull.during(writesTo: OutboxIntake.path(beside: path, slot: 0)) {
            #expect(throws: IntakeError.self) {
                try outbox.add(conversationID: conversation, content: String(repeating: "x", count: OutboxIntake.reserved))
            }
        }
        let after = try outbox.add(conversationID: conversation, content: "after")
        #expect(try IntakeRecord.decode(try intakeBytes()).count == 2, "the refused batch left no frame")
        let recovered = try Outbox(path: try crashCopy())
        #expect(try recovered.entries().map(\.id) == [before.id, after.id])
    }

    @Test func aDuplicateClientIDKeepsTheFirstEntry() throws {
        let outbox = try Outbox(path: path)
        try outbox.add(conversationID: conversation, content: "first", clientID: "same")
        try outbox.add(conversationID: conversation, content: "second", clientID: "same")
        #expect(try outbox.entries().map(\.content) == ["first"])
    }
}

/// The intake's frames, without files.
@Suite struct IntakeRecordTests {
    static let entry = OutboxEntry(
        id: "c1", conversationID: ConversationID("conv"), content: "héllo\n\u{1b}[31m", kind: .text,
        createdAt: Date(timeIntervalSince1970: 1.5), attempts: 2, firstAttemptAt: Date(timeIntervalSince1970: 2.25))
    static let changes: [OutboxChange] = [
        .add(entry), .add(OutboxEntry(id: "c2", conversationID: ConversationID("conv"), content: "", createdAt: Date(timeIntervalSince1970: 0))),
        .attempted("c1", at: Date(timeIntervalSince1970: 3)), .remove(["c1", "c2"]), .confirm([]),
        .failed(["c3"], reason: "closed"), .unconfirmed(["c4", "c5"]), .retry("c6"),
    ]

    func frames(_ batches: [[OutboxChange]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, changes) in batches.enumerated() { IntakeRecord.encode(number: UInt64(index + 1), changes: changes, into: &bytes) }
        return bytes
    }

    @Test func everyChangeReadsBackAsWritten() throws {
        let batches = try IntakeRecord.decode(frames([Self.changes, [], [.retry("x")]]))
        #expect(batches.map(\.number) == [1, 2, 3])
        #expect(batches.map(\.changes) == [Self.changes, [], [.retry("x")]])
    }

    @Test func aFrameCutShortEndsWhatIsRead() throws {
        let bytes = frames([[.retry("a")], [.retry("b")], [.retry("c")]])
        for cut in 1...(bytes.count / 3) {
            let batches = try IntakeRecord.decode(Array(bytes.dropLast(cut)))
            #expect(batches.map(\.changes) == [[.retry("a")], [.retry("b")]], "cut by \(cut)")
        }
    }

    @Test func aGarbledFrameEndsWhatIsRead() throws {
        var bytes = frames([[.retry("a")], [.retry("b")], [.retry("c")]])
        let second = bytes.count / 3 + IntakeRecord.headerSize + 2
        bytes[second] ^= 0x40
        #expect(try IntakeRecord.decode(bytes).map(\.changes) == [[.retry("a")]])
        bytes = frames([[.retry("a")]]) + [0xff, 0xff, 0xff, 0x7f] + [UInt8](repeating: 0, count: 64)
        #expect(try IntakeRecord.decode(bytes).count == 1, "a length beyond the cap is garbage, not an allocation")
    }

    /// A frame whose checksum holds but whose change this code cannot read (another
    /// version wrote it) is an error, not a silent end.
    @Test func aWholeFrameThatCannotBeReadIsAnError() throws {
        var payload: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 99]
        var bytes = withUnsafeBytes(of: UInt32(payload.count).littleEndian, Array.init)
        bytes += withUnsafeBytes(of: IntakeRecord.checksum(payload).littleEndian, Array.init)
        bytes += payload
        #expect(throws: CorruptIntake.self) { try IntakeRecord.decode(bytes) }
        payload[12] = 0
        #expect(throws: CorruptIntake.self) { try IntakeRecord.decode(frames([[.retry("a")]]) + bytes) }
    }
}
