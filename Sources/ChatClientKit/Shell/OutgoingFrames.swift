import Synchronization

/// What a link writes to one socket, in order. Frames wait here until the transport attaches
/// the open socket, then go straight to it: no task and no stream per socket.
public final class OutgoingFrames: Sendable {
    private enum State {
        case waiting([OutgoingFrame], finished: Bool)
        case attached(write: @Sendable (OutgoingFrame) -> Void, finished: @Sendable () -> Void)
        case done
    }

    private let state = Mutex(State.waiting([], finished: false))

    public init() {}

    /// Writes `frame` after every frame sent before it.
    public func send(_ frame: OutgoingFrame) {
        state.withLock { state in
            switch state {
            case .waiting(var frames, let finished) where !finished:
                state = .done
                frames.append(frame)
                state = .waiting(frames, finished: false)
            case .attached(let write, _):
                write(frame)
            case .waiting, .done:
                break
            }
        }
    }

    /// The link sends nothing more on this socket.
    public func finish() {
        state.withLock { state in
            switch state {
            case .waiting(let frames, _):
                state = .waiting(frames, finished: true)
            case .attached(_, let finished):
                state = .done
                finished()
            case .done:
                break
            }
        }
    }

    /// The socket is open: the frames waiting are written now, later ones as they are sent;
    /// `finished` runs once the link sends nothing more.
    public func attach(
        write: @escaping @Sendable (OutgoingFrame) -> Void, finished: @escaping @Sendable () -> Void = {}
    ) {
        state.withLock { state in
            guard case .waiting(let frames, let isFinished) = state else { return }
            frames.forEach(write)
            if isFinished {
                state = .done
                finished()
            } else {
                state = .attached(write: write, finished: finished)
            }
        }
    }
}
