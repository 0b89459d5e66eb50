import NIOCore
import Synchronization

/// What a socket reports, in order, to the task that runs it: how the upgrade went, each
/// message, then the end. The socket stops reading while `pauseAt` messages wait to be taken and
/// reads again once no more than `resumeAt` do, so a flooding server fills its own buffers,
/// not ours.
final class SocketEvents: Sendable {
    enum Event: Sendable {
        case opened(any Channel)
        case refused
        case failed(any Error)
        case message(InboundFrame)
        case ended(SocketEnding)
    }

    static let pauseAt = 64
    static let resumeAt = 16

    let stream: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation
    private let gate = Mutex<(waiting: Int, paused: Bool, channel: (any Channel)?)>((0, false, nil))

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

    /// Hands a message to the reader; true when the socket should stop reading for now.
    func deliver(_ frame: InboundFrame) -> Bool {
        sink.yield(.message(frame))
        return gate.withLock { gate in
            gate.waiting += 1
            guard gate.waiting >= Self.pauseAt, !gate.paused else { return false }
            gate.paused = true
            return true
        }
    }

    /// The reader took a message.
    func taken() {
        let resume: (any Channel)? = gate.withLock { gate in
            gate.waiting -= 1
            guard gate.paused, gate.waiting <= Self.resumeAt else { return nil }
            gate.paused = false
            return gate.channel
        }
        resume?.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
    }

    func ended(_ ending: SocketEnding) {
        gate.withLock { $0.channel = nil }
        sink.yield(.ended(ending))
        sink.finish()
    }
}
