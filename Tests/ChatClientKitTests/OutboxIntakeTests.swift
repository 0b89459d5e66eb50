import Foundation
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

    func intakeBytes(slot: Int = 0) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: OutboxIntake.path(beside: path, slot: slot))))
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
