import Synchronization
import Testing

@testable import ChatClientKit

/// A link's frames reach the socket in order; written frames leave together on the next
/// flush, `send` and `finish` push out at once.
@Suite struct OutgoingFramesTests {
    /// What the transport was asked to do, in order.
    final class Socket: Sendable {
        let calls = Mutex([String]())

        func attach(to frames: OutgoingFrames) {
            frames.attach(
                write: { frame in self.calls.withLock { $0.append("write \(frame)") } },
                flush: { self.calls.withLock { $0.append("flush") } },
                finished: { self.calls.withLock { $0.append("finished") } })
        }
    }

    @Test func writtenFramesLeaveTogetherOnTheNextFlush() {
        let (frames, socket) = (OutgoingFrames(), Socket())
        socket.attach(to: frames)
        frames.write(.text("a"))
        frames.write(.text("b"))
        #expect(socket.calls.withLock { $0 } == ["write text(\"a\")", "write text(\"b\")"])
        frames.flush()
        frames.send(.text("c"))
        frames.write(.text("d"))
        frames.finish()
        frames.send(.text("e"))
        #expect(socket.calls.withLock { $0 } == [
            "write text(\"a\")", "write text(\"b\")", "flush", "write text(\"c\")", "flush",
            "write text(\"d\")", "flush", "finished",
        ])
    }

    @Test func framesWrittenBeforeTheSocketOpensGoOutAtOnceWhenItDoes() {
        let (frames, socket) = (OutgoingFrames(), Socket())
        frames.write(.text("a"))
        frames.send(.text("b"))
        frames.finish()
        socket.attach(to: frames)
        #expect(socket.calls.withLock { $0 } == ["write text(\"a\")", "write text(\"b\")", "flush", "finished"])
    }
}
