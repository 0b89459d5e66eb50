import Foundation

/// An unbounded queue with one consumer whose `next(timeout:)` gives up after a deadline
/// without losing or ending anything (unlike an `AsyncStream`, which ends when a waiting
/// consumer is cancelled).
public final class Mailbox<Element: Sendable>: @unchecked Sendable {
    private struct Waiter {
        let id: UUID
        let continuation: CheckedContinuation<Element?, any Error>
    }

    private let lock = NSLock()
    private var queue: [Element] = []
    private var waiter: Waiter?
    private var finished = false

    public init() {}

    public func push(_ element: Element) {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.continuation.resume(returning: element)
        } else {
            queue.append(element)
            lock.unlock()
        }
    }

    /// No more elements will come; a waiting or later `next` returns nil once the queue is drained.
    public func finish() {
        lock.lock()
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.continuation.resume(returning: nil)
    }

    /// The next element, nil when finished and drained, or `DeadlineExceeded` after `timeout`.
    public func next(timeout: Duration, waitingFor what: String = "the next element") async throws -> Element? {
        let id = UUID()
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.fail(id, DeadlineExceeded(what: what, timeout: timeout))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                lock.lock()
                if !queue.isEmpty {
                    let element = queue.removeFirst()
                    lock.unlock()
                    continuation.resume(returning: element)
                } else if finished {
                    lock.unlock()
                    continuation.resume(returning: nil)
                } else {
                    precondition(waiter == nil, "Mailbox supports a single consumer")
                    waiter = Waiter(id: id, continuation: continuation)
                    lock.unlock()
                }
            }
        } onCancel: {
            self.fail(id, CancellationError())
        }
    }

    private func fail(_ id: UUID, _ error: any Error) {
        lock.lock()
        guard let waiter, waiter.id == id else {
            lock.unlock()
            return
        }
        self.waiter = nil
        lock.unlock()
        waiter.continuation.resume(throwing: error)
    }
}
