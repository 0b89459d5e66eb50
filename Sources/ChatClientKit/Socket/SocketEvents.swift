import NIOCore
import Synchronization

/// What a socket reports, in order, to the task that runs it: how the upgrade went, that
/// messages wait, then the end. Messages wait in an inbox the reader empties at once, so a
/// burst that arrived together is handled together (one outbox transaction, one pass of the
/// link's machine). The socket stops reading while `pauseAt` messages wait and reads again
/// once they are taken, so a flooding server fills its own buffers, not ours.
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
        var inbox: [InboundFrame] = []
        /// A `.messages` signal is on its way and the inbox has not been emptied since.
        var signalled = false
        var paused = false
        var channel: (any Channel)?
    }

    let stream: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation
    private let gate = Mutex(Gate())

    init() {
        (stream, sink) = AsyncStream.makeStream(of: Event.self)
    }

    /// The upgrade succeeded; reads resume on `channel`.
    func opened(channel: any Channel) {
        gate.withLock { $0.channel = channel }
        sink.yield(.opened(channel))
    }

    /// The upgrade was refused or failed: nothing follows.
    func notOpened(_ outcome: Result<Void, any Error>) {
        switch outcome {
        case .success: sink.yield(.refused)
        case .failure(let error): sink.yield(.failed(error))
        }
        sink.finish()
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
        if signal { sink.yield(.messages) }
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
        sink.yield(.ended(ending))
        sink.finish()
    }
}
