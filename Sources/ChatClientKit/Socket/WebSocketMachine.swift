import NIOCore
import NIOWebSocket

/// RFC 6455 from the client's side, as a value: what to do with each frame from the server,
/// with what the link asks to send, and with each keep-alive tick. `WebSocketHandler` only
/// performs the actions it returns.
///
/// No extension is negotiated, so reserved bits, unknown opcodes, a continuation without a
/// message, a new message inside another, a masked server frame and a malformed close fail
/// the connection with 1002; a text message that is not UTF-8 with 1007; a message over
/// `maxMessageSize` with 1009.
struct WebSocketMachine {
    enum Action: Equatable {
        /// A whole message for the link.
        case deliver(InboundFrame)
        /// A frame to write (masked by the handler).
        case write(WebSocketOpcode, ByteBuffer)
        /// Close the connection once what was written before is out.
        case closeNow
        /// Close the connection if the server has not within the closing timeout.
        case closeLater
    }

    private enum Phase {
        case open
        /// Our close frame is out; waiting for the server's.
        case closing
        /// Nothing more is sent or delivered.
        case closed
    }

    let maxMessageSize: Int
    private var phase = Phase.open
    private var partial: (opcode: WebSocketOpcode, data: ByteBuffer)?
    private var awaitingPong = false
    /// The server's close frame, once one came.
    private(set) var serverClose: SocketEnding?

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// A frame from the server.
    mutating func received(_ frame: WebSocketFrame) -> [Action] {
        guard phase != .closed else { return [] }
        guard frame.reservedBits.isEmpty, frame.maskKey == nil else { return fail(.protocolError) }
        switch frame.opcode {
        case .text, .binary:
            guard partial == nil else { return fail(.protocolError) }
            if frame.fin { return message(frame.opcode, frame.data) }
            partial = (frame.opcode, frame.data)
            return []
        case .continuation:
            guard var message = partial else { return fail(.protocolError) }
            var data = frame.data
            guard message.data.readableBytes + data.readableBytes <= maxMessageSize else { return fail(.messageTooLarge) }
            message.data.writeBuffer(&data)
            partial = frame.fin ? nil : message
            return frame.fin ? self.message(message.opcode, message.data) : []
        case .ping:
            return phase == .open ? [.write(.pong, frame.data)] : []
        case .pong:
            awaitingPong = false
            return []
        case .connectionClose:
            return closeReceived(frame.data)
        default:
            return fail(.protocolError)
        }
    }

    /// What the link wants sent; nothing once closing started.
    mutating func send(_ frame: OutgoingFrame) -> [Action] {
        guard phase == .open else { return [] }
        switch frame {
        case .text(let text):
            return [.write(.text, ByteBuffer(string: text))]
        case .binary(let bytes):
            return [.write(.binary, ByteBuffer(bytes: bytes))]
        case .close(let code, let reason):
            phase = .closing
            return [.write(.connectionClose, Self.closePayload(code: code, reason: reason)), .closeLater]
        }
    }

    /// The keep-alive period passed: a ping, or, when the last one went unanswered for a
    /// whole period, the end of a connection that is dead.
    mutating func keepAliveTick() -> [Action] {
        guard phase == .open else { return [] }
        guard !awaitingPong else {
            phase = .closed
            return [.closeNow]
        }
        awaitingPong = true
        return [.write(.ping, ByteBuffer())]
    }

    private mutating func message(_ opcode: WebSocketOpcode, _ data: ByteBuffer) -> [Action] {
        if opcode == .binary { return [.deliver(.binary(Array(data.readableBytesView)))] }
        guard let text = String(validating: data.readableBytesView, as: UTF8.self) else {
            return fail(.dataInconsistentWithMessage)
        }
        return [.deliver(.text(text))]
    }

    private mutating func closeReceived(_ payload: ByteBuffer) -> [Action] {
        var payload = payload
        var code: Int?
        if payload.readableBytes > 0 {
            guard let raw = payload.readInteger(as: UInt16.self), Self.isValidCloseCode(Int(raw)) else {
                return fail(.protocolError)
            }
            code = Int(raw)
        }
        guard let reason = String(validating: payload.readableBytesView, as: UTF8.self) else {
            return fail(.dataInconsistentWithMessage)
        }
        serverClose = SocketEnding(code: code, reason: code == nil ? nil : reason)
        let answer = phase == .open
        phase = .closed
        partial = nil
        guard answer else { return [.closeNow] }
        // The server closes the TCP connection once it has our answer.
        return [.write(.connectionClose, Self.closePayload(code: code ?? 1000, reason: "")), .closeLater]
    }

    private mutating func fail(_ code: WebSocketErrorCode) -> [Action] {
        let wasOpen = phase == .open
        phase = .closed
        partial = nil
        var payload = ByteBuffer()
        payload.write(webSocketErrorCode: code)
        return wasOpen ? [.write(.connectionClose, payload), .closeNow] : [.closeNow]
    }

    /// Codes a close frame may carry (RFC 6455 §7.4, IANA's registry, and 3000–4999 for
    /// libraries and applications).
    static func isValidCloseCode(_ code: Int) -> Bool {
        (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
    }

    /// A close frame's payload: the code, then the reason cut to fit a control frame.
    static func closePayload(code: Int, reason: String) -> ByteBuffer {
        var payload = ByteBuffer()
        payload.writeInteger(UInt16(clamping: code))
        var room = 123
        for scalar in reason.unicodeScalars {
            let bytes = String(scalar).utf8
            guard bytes.count <= room else { break }
            payload.writeBytes(bytes)
            room -= bytes.count
        }
        return payload
    }
}
