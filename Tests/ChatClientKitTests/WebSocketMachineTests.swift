import NIOCore
import NIOWebSocket
import Testing

@testable import ChatClientKit

/// The client's side of RFC 6455 as a value: frames in, actions out (Autobahn's fuzzing
/// server exercises the same rules over a socket in CI).
@Suite struct WebSocketMachineTests {
    typealias Action = WebSocketMachine.Action

    static func frame(_ opcode: WebSocketOpcode, _ bytes: [UInt8], fin: Bool = true) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(bytes: bytes))
    }

    static func text(_ text: String, fin: Bool = true, opcode: WebSocketOpcode = .text) -> WebSocketFrame {
        frame(opcode, Array(text.utf8), fin: fin)
    }

    static func closing(_ code: UInt16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(code)
        return buffer
    }

    static let failed1002: [Action] = [.write(.connectionClose, closing(1002)), .closeNow]

    @Test func aWholeMessageIsDeliveredAndFragmentsAreJoined() {
        var machine = WebSocketMachine(maxMessageSize: 100)
        #expect(machine.received(Self.text("olá")) == [.deliver(.text("olá"))])
        #expect(machine.received(Self.text("ol", fin: false)).isEmpty)
        #expect(machine.received(Self.frame(.ping, [1])) == [.write(.pong, ByteBuffer(bytes: [1]))], "a ping between fragments")
        #expect(machine.received(Self.text("á", fin: true, opcode: .continuation)) == [.deliver(.text("olá"))])
        #expect(machine.received(Self.frame(.binary, [0, 255])) == [.deliver(.binary([0, 255]))])
    }

    @Test func textThatIsNotUTF8Fails1007() {
        var machine = WebSocketMachine(maxMessageSize: 100)
        #expect(machine.received(Self.frame(.text, [0xCE, 0xBA, 0xE1, 0xBD])) == [.write(.connectionClose, Self.closing(1007)), .closeNow])
        #expect(machine.received(Self.text("late")).isEmpty, "nothing is delivered once failed")
    }

    @Test func protocolViolationsFail1002() {
        var reserved = Self.text("x")
        reserved.rsv1 = true
        var masked = Self.text("x")
        masked.maskKey = WebSocketMaskingKey([1, 2, 3, 4])
        let violations: [[WebSocketFrame]] = [
            [reserved],
            [masked],
            [Self.text("orphan", opcode: .continuation)],
            [Self.text("a", fin: false), Self.text("b")],
            [Self.frame(WebSocketOpcode(encodedWebSocketOpcode: 3)!, [])],
            [Self.frame(.connectionClose, [3])],
            [Self.frame(.connectionClose, [0x03, 0xEC])],
        ]
        for frames in violations {
            var machine = WebSocketMachine(maxMessageSize: 100)
            let actions = frames.flatMap { machine.received($0) }
            #expect(actions == Self.failed1002, "\(frames)")
        }
    }

    @Test func aMessageOverTheCapFails1009() {
        var machine = WebSocketMachine(maxMessageSize: 4)
        #expect(machine.received(Self.text("abc", fin: false)).isEmpty)
        #expect(machine.received(Self.text("de", opcode: .continuation)) == [.write(.connectionClose, Self.closing(1009)), .closeNow])
    }

    @Test func theServersCloseIsAnsweredWithItsCodeAndKept() {
        var machine = WebSocketMachine(maxMessageSize: 100)
        var payload = Self.closing(4001)
        payload.writeString("bad token")
        #expect(machine.received(WebSocketFrame(fin: true, opcode: .connectionClose, data: payload))
            == [.write(.connectionClose, Self.closing(4001)), .closeLater])
        #expect(machine.serverClose == SocketEnding(code: 4001, reason: "bad token"))
        #expect(machine.send(.text("too late")).isEmpty)
    }

    @Test func ourCloseWaitsForTheServersThenCloses() {
        var machine = WebSocketMachine(maxMessageSize: 100)
        let closing = machine.send(.close(code: 1000, reason: "client closed"))
        #expect(closing == [.write(.connectionClose, WebSocketMachine.closePayload(code: 1000, reason: "client closed")), .closeLater])
        #expect(machine.received(Self.text("in flight")) == [.deliver(.text("in flight"))], "messages sent before the server saw it")
        #expect(machine.received(Self.frame(.connectionClose, [0x03, 0xE8])) == [.closeNow])
        #expect(machine.serverClose == SocketEnding(code: 1000, reason: ""))
    }

    @Test func anUnansweredPingEndsTheConnection() {
        var machine = WebSocketMachine(maxMessageSize: 100)
        #expect(machine.keepAliveTick() == [.write(.ping, ByteBuffer())])
        #expect(machine.received(Self.frame(.pong, [])).isEmpty)
        #expect(machine.keepAliveTick() == [.write(.ping, ByteBuffer())])
        #expect(machine.keepAliveTick() == [.closeNow], "a whole period without the pong")
        #expect(machine.serverClose == nil, "an abnormal end")
    }

    @Test func aLongCloseReasonIsCutAtACharacterToFitAControlFrame() {
        let payload = WebSocketMachine.closePayload(code: 1000, reason: String(repeating: "é", count: 100))
        #expect(payload.readableBytes == 124)
        #expect(String(validating: payload.readableBytesView.dropFirst(2), as: UTF8.self) != nil)
    }

    @Test func closeCodes() {
        for code in [1000, 1001, 1002, 1003, 1007, 1011, 3000, 4999] { #expect(WebSocketMachine.isValidCloseCode(code)) }
        for code in [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000] { #expect(!WebSocketMachine.isValidCloseCode(code)) }
    }
}
