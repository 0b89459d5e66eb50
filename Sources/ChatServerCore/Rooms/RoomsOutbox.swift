import Synchronization

/// One rooms socket's outgoing frames: a bounded FIFO that its session's writer drains in order.
///
/// A client that falls `capacity` frames behind is cut off instead of growing the queue
/// without limit: the queue finishes, and the session closes the socket with 1013.
final class RoomsOutbox: Sendable {
    /// The frames to write, in order; ends when the connection ends or overflows.
    let frames: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let overflow = Atomic(false)

    init(capacity: Int) {
        (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Queues a frame; a full queue ends the stream and marks the outbox overflowed.
    func send(_ frame: String) {
        if case .dropped = continuation.yield(frame) {
            overflow.store(true, ordering: .relaxed)
            continuation.finish()
        }
    }

    /// Whether frames were refused because the client did not keep up.
    var overflowed: Bool {
        overflow.load(ordering: .relaxed)
    }

    func finish() {
        continuation.finish()
    }
}
