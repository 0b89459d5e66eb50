import Foundation

/// One open outbox's intake file, `<database>.intake-<slot>`: each batch of changes is
/// appended here, and goes into the database later, many batches in one transaction.
///
/// The file is mapped into memory and its space reserved ahead (`posix_fallocate`), so a
/// batch is one copy into the page cache, with no system call: as durable as a `write` or a
/// commit with `synchronous = NORMAL`. It survives the process being killed, not a power
/// loss. Only reserving space can fail (the disk is full); the batch is then not written.
/// What follows the written frames is zeros, which end what is read back.
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
    /// The length of the frames written: where the next one goes.
    private(set) var size: Int
    /// The file in memory, all of its reserved space, from the first batch written.
    private var mapping: UnsafeMutableRawBufferPointer?
    /// The frame being written, its storage kept between writes (unless it grew large).
    private var frame: [UInt8] = []

    /// How many outboxes may have one database open at once.
    static let slots = 64
    /// The space reserved at first, and kept when the intake is emptied: room for the batches of
    /// a few thousand short messages.
    static let reserved = 1 << 20

    /// The path of slot `slot` beside the database at `database`.
    static func path(beside database: String, slot: Int) -> String {
        "\(database).intake-\(slot)"
    }

    /// Opens the file at `path` (creating it) and takes its lock; nil when another outbox
    /// holds it.
    static func take(_ path: String) throws(IntakeError) -> OutboxIntake? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
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
        if let mapping { munmap(mapping.baseAddress, mapping.count) }
        close(descriptor)
    }

    /// Everything in the file, as it was when the outbox took it.
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

    /// Appends one batch; when no space can be reserved for it, nothing of it is written.
    func append(_ changes: [OutboxChange]) throws(IntakeError) {
        frame.removeAll(keepingCapacity: true)
        IntakeRecord.encode(number: number + 1, changes: changes, into: &frame)
        let mapping = try reserve(size + frame.count)
        frame.withUnsafeBytes { mapping.baseAddress!.advanced(by: size).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        size += frame.count
        number += 1
        if frame.count > 1 << 16 { frame = [] }
    }

    /// The mapping, with room for `needed` bytes: the file's space is reserved and mapped
    /// again, twice as large, when it is not.
    private func reserve(_ needed: Int) throws(IntakeError) -> UnsafeMutableRawBufferPointer {
        if let mapping, mapping.count >= needed { return mapping }
        var capacity = mapping?.count ?? Self.reserved
        while capacity < needed { capacity *= 2 }
        let failure = posix_fallocate(descriptor, 0, off_t(capacity))
        guard failure == 0 else { throw IntakeError("reserve space in", path, code: failure) }
        let address = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0)
        guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else { throw IntakeError("map", path) }
        if let mapping { munmap(mapping.baseAddress, mapping.count) }
        let mapped = UnsafeMutableRawBufferPointer(start: address, count: capacity)
        mapping = mapped
        return mapped
    }

    /// Empties the file, once what it holds is in the database: the frames written are
    /// zeroed, and space grown beyond `reserved` is given back.
    func clear() throws(IntakeError) {
        if let mapping, mapping.count == Self.reserved {
            mapping.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            size = 0
            return
        }
        let grown = mapping != nil
        if let mapping { munmap(mapping.baseAddress, mapping.count) }
        mapping = nil
        guard size > 0 || grown else { return }
        guard ftruncate(descriptor, 0) == 0 else { throw IntakeError("truncate", path) }
        size = 0
    }
}

/// A system call on an intake file failed.
struct IntakeError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32

    /// The error of `operation` on `path`: `code`, or `errno` when none is given.
    init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    var description: String { "cannot \(operation) the outbox intake \(path): \(String(cString: strerror(code)))" }
}

/// Every intake slot of an outbox file is held by an open outbox.
struct OutboxInUse: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(OutboxIntake.slots) clients already have the outbox \(path) open" }
}
