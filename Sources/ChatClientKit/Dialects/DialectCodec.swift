import Foundation

/// The wire format of one socket attempt, as a value: frames in, events (and any replies
/// the protocol requires, such as a pong) out; commands in, frames out. A codec may keep
/// state for its socket (ack ids, handshake progress); a new attempt gets a new codec.
///
/// Decoding never fails: a frame the codec cannot read becomes `.unrecognized`.
public protocol DialectCodec: Sendable {
    /// Reads one text frame.
    mutating func decode(_ text: String) -> Decoded
    /// The frame for a command, written at wall-clock `date`; nil when the dialect has no
    /// such frame (the command is then skipped).
    mutating func encode(_ command: ClientCommand, date: Date) -> String?
    /// The largest frame the server accepts, when it says; a message whose frame is larger is
    /// refused before it is sent.
    var maxFrameBytes: Int? { get }
}

extension DialectCodec {
    public var maxFrameBytes: Int? { nil }
}

/// What one inbound frame meant.
public struct Decoded: Sendable, Equatable {
    public var events: [ServerEvent]
    /// Frames the protocol requires the client to write back at once.
    public var replies: [String]

    public init(_ events: [ServerEvent], replies: [String] = []) {
        self.events = events
        self.replies = replies
    }
}
