import Foundation

/// An opaque id a server gave to a value of type `Subject`: a UUID on `conversations`
/// servers, a room name such as `conv_123` on `rooms` servers. Compared as the exact
/// string; a dialect that requires UUIDs validates them at its edge.
public struct Identifier<Subject>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id as it travels on the wire.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The lowercase form the `conversations` servers use.
    public init(_ uuid: UUID) {
        rawValue = uuid.wireString
    }

    public init(stringLiteral value: String) {
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The id as a UUID, when it is one.
    public var uuid: UUID? { UUID(uuidString: rawValue) }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public typealias ConversationID = Identifier<Conversation>
public typealias MessageID = Identifier<Message>
