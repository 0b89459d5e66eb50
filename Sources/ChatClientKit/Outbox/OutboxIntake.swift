import Foundation

/// One open outbox's intake file, `<database>.intake-<slot>`: each batch of changes is
/// appended here in one write, and goes into the database later, many batches in one
/// transaction. A write is as durable as a commit with `synchronous = NORMAL`: it survives
/// the process being killed, not a power loss.
///
/// The open outbox holds the file's lock (`flock`) for as long as it lives, so another
/// outbox on the same database, in this process or another, takes the next slot. A slot file
/// whose lock is free belongs to an outbox that is gone; the next outbox to open moves what
/// it holds into the database. Slot files are never deleted, so the slots in use are always
/// numbered from 0 without gaps, and the search for a free or forsaken one stops at the
/// first missing file.
final class OutboxIntake {
    /// The file's name beside the database: its key in the database's `intake` table.
    let name: String
    /// The number of the last batch written; batches are numbered from 1 per slot, and the
    /// numbers keep growing across the outboxes that hold the slot.
    private(set) var number: UInt64 = 0
    private let path: String
    private let descriptor: Int32
    /// The file's size as this outbox wrote it: a failed write is cut off at this length, so
    /// that no half-written frame stands before the next one.
    private var size: Int
    /// The frame being written, its storage kept between writes (unless it grew large).
    private var frame: [UInt8] = []

    /// How many outboxes may have one database open at once.
    static let slots = 64

    /// The path of slot `slot` beside the database at `database`.
    static func path(beside database: String, slot: Int) -> String {
        "\(database).intake-\(slot)"
    }

    /// Opens the file at `path` (creating it) and takes its lock; nil when another outbox
    /// holds it.
    static func take(_ path: String) throws(IntakeError) -> OutboxIntake? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw IntakeError("open", path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let error = IntakeError("lock", path)
            close(descriptor)
            if error.code == EWOULDBLOCK { return nil }
            throw error
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = IntakeError("stat", path)
            close(descriptor)
            throw error
        }
        return OutboxIntake(path: path, descriptor: descriptor, size: Int(status.st_size))
    }

    private init(path: String, descriptor: Int32, size: Int) {
        self.path = path
        name = (path as NSString).lastPathComponent
        self.descriptor = descriptor
        self.size = size
    }

    deinit {
        close(descriptor)
    }

    /// Everything in the file.
    func contents() throws(IntakeError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var read = 0
        while read < size {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + read, size - read, off_t(read)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw IntakeError("read", path) }
            read += count
        }
        return bytes
    }

    /// Numbers the batches this outbox writes after `number`.
    func continueNumbering(after number: UInt64) {
        self.number = number
    }

    /// Appends one batch in one write; on failure nothing of it stays in the file.
    func append(_ changes: [OutboxChange]) throws(IntakeError) {
        frame.removeAll(keepingCapacity: true)
        IntakeRecord.encode(number: number + 1, changes: changes, into: &frame)
        var written = 0
        while written < frame.count {
            let count = frame.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, frame.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let error = IntakeError("write", path)
                _ = ftruncate(descriptor, off_t(size))
                throw error
            }
            written += count
        }
        size += frame.count
        number += 1
        if frame.count > 1 << 16 { frame = [] }
    }

    /// Empties the file, once what it holds is in the database.
    func clear() throws(IntakeError) {
        guard size > 0 else { return }
        guard ftruncate(descriptor, 0) == 0 else { throw IntakeError("truncate", path) }
        size = 0
    }
}

/// A system call on an intake file failed.
struct IntakeError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32

    init(_ operation: String, _ path: String) {
        self.operation = operation
        self.path = path
        code = errno
    }

    var description: String { "cannot \(operation) the outbox intake \(path): \(String(cString: strerror(code)))" }
}

/// Every intake slot of an outbox file is held by an open outbox.
struct OutboxInUse: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(OutboxIntake.slots) clients already have the outbox \(path) open" }
}
