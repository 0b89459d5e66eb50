import NIOCore

/// RFC 6455 framing for the test client: masked client frames out, unmasked server frames in.
struct WebSocketFrameCodec {
    enum Opcode: UInt8 {
        case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA
    }

    struct Frame {
        let fin: Bool
        let opcode: Opcode
        let payload: [UInt8]
    }

    private var buffer: [UInt8] = []

    mutating func append(_ bytes: ByteBuffer) {
        buffer.append(contentsOf: bytes.readableBytesView)
    }

    /// Removes and returns everything up to and including the first blank line (the HTTP head), if complete.
    mutating func takeHTTPHead() -> String? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4,
              let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator })
        else { return nil }
        let head = String(decoding: buffer[..<(end + 4)], as: UTF8.self)
        buffer.removeFirst(end + 4)
        return head
    }

    /// The next complete frame, if the buffer holds one.
    mutating func nextFrame() -> Frame? {
        guard buffer.count >= 2 else { return nil }
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        let masked = buffer[1] & 0x80 != 0
        let maskOffset = offset
        if masked { offset += 4 }
        guard buffer.count >= offset + length else { return nil }
        var payload = Array(buffer[offset..<offset + length])
        if masked {
            for index in payload.indices { payload[index] ^= buffer[maskOffset + index % 4] }
        }
        let frame = Frame(fin: buffer[0] & 0x80 != 0, opcode: Opcode(rawValue: buffer[0] & 0x0F) ?? .binary, payload: payload)
        buffer.removeFirst(offset + length)
        return frame
    }

    /// A complete, masked client frame.
    static func encode(_ opcode: Opcode, _ payload: [UInt8]) -> ByteBuffer {
        var bytes: [UInt8] = [0x80 | opcode.rawValue]
        switch payload.count {
        case ..<126:
            bytes.append(0x80 | UInt8(payload.count))
        case ..<65_536:
            bytes.append(0x80 | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            bytes.append(0x80 | 127)
            bytes += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: .min ... .max) }
        bytes += mask
        bytes += payload.enumerated().map { $1 ^ mask[$0 % 4] }
        return ByteBuffer(bytes: bytes)
    }
}
