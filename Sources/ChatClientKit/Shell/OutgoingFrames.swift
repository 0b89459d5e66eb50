import Synchronization

/// What a link writes to one socket, in order. Frames wait here until the transport attaches
/// the open socket, then go straight to it: no task and no stream per socket.
public final class OutgoingFrames: Sendable {
    private enum State {
        case waiting([OutgoingFrame], finished: Bool)
        case attached(Socket)
        case done
    }

    /// What the transport does with frames once the socket is open.
    private struct Socket {
        let write: @Sendable (OutgoingFrame) -> Void
        let flush: @Sendable () -> Void
        let finished: @Sendable () -> Void
    }

    private let state = Mutex(State.waiting([], finished: false))

    public init() {}

    /// Writes `frame` after every frame sent before it, and pushes them out.
    public func send(_ frame: OutgoingFrame) {
        write(frame)
        flush()
    }

    /// Queues `frame` after every frame before it without pushing it out: the next `flush`,
    /// `send` or `finish` does, so frames decided together leave in one system call.
    public func write(_ frame: OutgoingFrame) {
        state.withLock { state in
            switch state {
            case .waiting(var frames, let finished) where !finished:
                state = .done
                frames.append(frame)
                state = .waiting(frames, finished: false)
            case .attached(let socket):
                socket.write(frame)
            case .waiting, .done:
                break
            }
        }
    }

    /// Pushes out what was written.
    public func flush() {
        state.withLock { state in
            if case .attached(let socket) = state { socket.flush() }
        }
    }

    /// The link sends nothing more on this socket; what was written is pushed out.
    public func finish() {
        state.withLock { state in
            switch state {
            case .waiting(let frames, _):
                state = .waiting(frames, finished: true)
            case .attached(let socket):
                state = .done
                socket.flush()
                socket.finished()
            case .done:
                break
            }
        }
    }

    /// The socket is open: the frames waiting are written now, later ones as they are sent;
    /// `flush` pushes written frames out, and `finished` runs once the link sends nothing more.
    public func attach(
        write: @escaping @Sendable (OutgoingFrame) -> Void, flush: @escaping @Sendable () -> Void = {},
        finished: @escaping @Sendable () -> Void = {}
    ) {
        state.withLock { state in
            guard case .waiting(let frames, let isFinished) = state else { return }
            if !frames.isEmpty {
                frames.forEach(write)
                flush()
            }
            if isFinished {
                state = .done
                finished()
            } else {
                state = .attached(Socket(write: write, flush: flush, finished: finished))
            }
        }
    }
}
