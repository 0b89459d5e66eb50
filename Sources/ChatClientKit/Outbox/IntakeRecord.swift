import Foundation

/// How the outbox's intake file stores one batch of changes: a frame of the payload's
/// length (4 bytes), its FNV-1a checksum (8 bytes) and the payload (the batch's number, then
/// its changes). A frame cut short or garbled, as a power loss can leave the file's end, ends
/// the readable part: what follows it is not read.
enum IntakeRecord {
    /// The largest payload read back; a larger length is taken for a garbled frame.
    static let maxPayload = 64 << 20
    static let headerSize = 12

    /// Appends the frame of batch `number` to `bytes`.
    static func encode(number: UInt64, changes: [OutboxChange], into bytes: inout [UInt8]) {
        var payload = Writer()
        payload.integer(number)
        payload.integer(UInt32(changes.count))
        for change in changes { payload.change(change) }
        bytes.reserveCapacity(bytes.count + headerSize + payload.bytes.count)
        Writer.append(UInt32(payload.bytes.count), to: &bytes)
        Writer.append(checksum(payload.bytes), to: &bytes)
        bytes += payload.bytes
    }

    /// The batches in `bytes`, in order, up to the first frame that is cut short or does not
    /// match its checksum. Throws `CorruptIntake` for a whole frame whose changes cannot be
    /// read (one this code cannot have written), rather than skipping it.
    static func decode(_ bytes: [UInt8]) throws(CorruptIntake) -> [(number: UInt64, changes: [OutboxChange])] {
        var batches: [(number: UInt64, changes: [OutboxChange])] = []
        var offset = 0
        while bytes.count - offset >= headerSize {
            var header = Reader(bytes[offset..<(offset + headerSize)])
            guard let length = try? Int(header.integer(UInt32.self)), length <= maxPayload,
                let sum = try? header.integer(UInt64.self), bytes.count - offset - headerSize >= length
            else { break }
            let payload = bytes[(offset + headerSize)..<(offset + headerSize + length)]
            guard checksum(payload) == sum else { break }
            do {
                var reader = Reader(payload)
                let number = try reader.integer(UInt64.self)
                let count = try reader.integer(UInt32.self)
                var changes: [OutboxChange] = []
                for _ in 0..<count { changes.append(try reader.change()) }
                batches.append((number, changes))
            } catch {
                throw CorruptIntake(offset: offset, problem: error.problem)
            }
            offset += headerSize + length
        }
        return batches
    }

    /// 64-bit FNV-1a.
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private enum Tag: UInt8 {
        case add, attempted, remove, confirm, failed, unconfirmed, retry

        init(_ change: OutboxChange) {
            switch change {
            case .add: self = .add
            case .attempted: self = .attempted
            case .remove: self = .remove
            case .confirm: self = .confirm
            case .failed: self = .failed
            case .unconfirmed: self = .unconfirmed
            case .retry: self = .retry
            }
        }
    }

    private struct Writer {
        var bytes: [UInt8] = []

        static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }

        mutating func integer<T: FixedWidthInteger>(_ value: T) { Self.append(value, to: &bytes) }
        mutating func double(_ value: Double) { integer(value.bitPattern) }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                integer(UInt32(utf8.count))
                bytes += utf8
            }
        }

        mutating func strings(_ values: [String]) {
            integer(UInt32(values.count))
            values.forEach { string($0) }
        }

        mutating func change(_ change: OutboxChange) {
            integer(Tag(change).rawValue)
            switch change {
            case .add(let entry):
                string(entry.id)
                string(entry.conversationID.rawValue)
                string(entry.content)
                string(entry.kind.rawValue)
                double(entry.createdAt.timeIntervalSince1970)
                integer(Int64(entry.attempts))
                integer(UInt8(entry.firstAttemptAt == nil ? 0 : 1))
                double(entry.firstAttemptAt?.timeIntervalSince1970 ?? 0)
            case .attempted(let id, let date):
                string(id)
                double(date.timeIntervalSince1970)
            case .remove(let ids), .confirm(let ids), .unconfirmed(let ids):
                strings(ids)
            case .failed(let ids, let reason):
                strings(ids)
                string(reason)
            case .retry(let id):
                string(id)
            }
        }
    }

    private struct Reader {
        struct Failure: Error {
            let problem: String
        }

        private let bytes: ArraySlice<UInt8>
        private var offset: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            offset = bytes.startIndex
        }

        private mutating func take(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.endIndex - offset >= count else { throw Failure(problem: "it ends inside a field") }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(Failure) -> T {
            let field = try take(MemoryLayout<T>.size)
            return field.reversed().reduce(T.zero) { $0 << 8 | T($1) }
        }

        mutating func double() throws(Failure) -> Double { Double(bitPattern: try integer(UInt64.self)) }

        mutating func string() throws(Failure) -> String {
            let length = Int(try integer(UInt32.self))
            guard let text = String(validating: try take(length), as: UTF8.self) else {
                throw Failure(problem: "a text field is not UTF-8")
            }
            return text
        }

        mutating func strings() throws(Failure) -> [String] {
            let count = try integer(UInt32.self)
            var values: [String] = []
            for _ in 0..<count { values.append(try string()) }
            return values
        }

        mutating func change() throws(Failure) -> OutboxChange {
            let tag = try integer(UInt8.self)
            switch Tag(rawValue: tag) {
            case .add:
                let (id, conversation, content, kindText) = (try string(), try string(), try string(), try string())
                guard let kind = Message.Kind(rawValue: kindText) else {
                    throw Failure(problem: "message \(id) has an unknown kind '\(kindText)'")
                }
                let createdAt = Date(timeIntervalSince1970: try double())
                let attempts = Int(truncatingIfNeeded: try integer(Int64.self))
                let hasFirstAttempt = try integer(UInt8.self) != 0
                let firstAttempt = try double()
                return .add(OutboxEntry(
                    id: id, conversationID: ConversationID(conversation), content: content, kind: kind,
                    createdAt: createdAt, attempts: attempts,
                    firstAttemptAt: hasFirstAttempt ? Date(timeIntervalSince1970: firstAttempt) : nil))
            case .attempted: return .attempted(try string(), at: Date(timeIntervalSince1970: try double()))
            case .remove: return .remove(try strings())
            case .confirm: return .confirm(try strings())
            case .failed: return .failed(try strings(), reason: try string())
            case .unconfirmed: return .unconfirmed(try strings())
            case .retry: return .retry(try string())
            case nil: throw Failure(problem: "unknown change \(tag)")
            }
        }
    }
}

/// A whole, checksummed frame of the intake whose changes cannot be read: written by
/// another version of the client, or damaged in a way the checksum missed.
struct CorruptIntake: Error, CustomStringConvertible {
    let offset: Int
    let problem: String
    var description: String { "the outbox intake has a record at byte \(offset) that cannot be read: \(problem)" }
}
