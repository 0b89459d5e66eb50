import NIOCore
import Synchronization

/// What a socket reports, in order, to the task that runs it: how the upgrade went, that
/// messages wait, then the end. Messages wait in an inbox the reader empties at once, so a
/// burst that arrived together is handled together (one outbox transaction, one pass of the
/// link's machine). The socket stops reading while `pauseAt` messages wait and reads again
/// once they are taken, so a flooding server fills its own buffers, not ours.
///
/// The reader waits in `next()` on a bare continuation rather than an `AsyncStream`: the
/// task that runs a socket is suspended there for the socket's whole life, and each async
/// frame it holds can take a slab of the task's memory of its own (about 1 KiB each).
final class SocketEvents: Sendable {
    enum Event: Sendable {
        case opened(any Channel)
        case refused
        case failed(any Error)
        /// Messages wait in the inbox (`takeAll`); one signal may stand for several.
        case messages
        case ended(SocketEnding)
    }

    static let pauseAt = 64

    private struct Gate {
        /// Events not taken yet, and the reader waiting for the next one.
        var events: [Event] = []
        var reader: UnsafeContinuation<Event?, Never>?
        /// The upgrade failed or the socket ended: nothing more is reported.
        var finished = false
        var inbox: [InboundFrame] = []
        /// A `.messages` signal is on its way and the inbox has not been emptied since.
        var signalled = false
        var paused = false
        var channel: (any Channel)?
    }

    private let gate = Mutex(Gate())

    /// The next event, in order; nil once the socket has ended and every event was taken.
    /// For one reader.
    func next() async -> Event? {
        await withUnsafeContinuation { reader in
            let ready: Event?? = gate.withLock { gate in
                if !gate.events.isEmpty { return .some(gate.events.removeFirst()) }
                if gate.finished { return .some(nil) }
                gate.reader = reader
                return .none
            }
            if case .some(let event) = ready { reader.resume(returning: event) }
        }
    }

    /// Reports `event` unless the story has ended; `last` ends it.
    private func post(_ event: Event, last: Bool = false) {
        let reader: UnsafeContinuation<Event?, Never>? = gate.withLock { gate in
            guard !gate.finished else { return nil }
            gate.finished = last
            if let reader = gate.reader {
                gate.reader = nil
                return reader
            }
            gate.events.append(event)
            return nil
        }
        reader?.resume(returning: event)
    }

    /// The upgrade succeeded; reads resume on `channel`.
    func opened(channel: any Channel) {
        gate.withLock { $0.channel = channel }
        post(.opened(channel))
    }

    /// The upgrade was refused or failed: nothing follows.
    func notOpened(_ outcome: Result<Void, any Error>) {
        switch outcome {
        case .success: post(.refused, last: true)
        case .failure(let error): post(.failed(error), last: true)
        }
    }

    /// Puts a message in the inbox; true when the socket should stop reading for now.
    func deliver(_ frame: InboundFrame) -> Bool {
        let (signal, pause) = gate.withLock { gate in
            gate.inbox.append(frame)
            let signal = !gate.signalled
            gate.signalled = true
            guard gate.inbox.count >= Self.pauseAt, !gate.paused else { return (signal, false) }
            gate.paused = true
            return (signal, true)
        }
        if signal { post(.messages) }
        return pause
    }

    /// Empties the inbox, oldest first, and lets a paused socket read again.
    func takeAll() -> [InboundFrame] {
        let (frames, resume): ([InboundFrame], (any Channel)?) = gate.withLock { gate in
            let frames = gate.inbox
            gate.inbox = []
            gate.signalled = false
            guard gate.paused else { return (frames, nil) }
            gate.paused = false
            return (frames, gate.channel)
        }
        resume?.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        return frames
    }

    func ended(_ ending: SocketEnding) {
        gate.withLock { $0.channel = nil }
        post(.ended(ending), last: true)
    }
}
