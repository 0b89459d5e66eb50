/// A closed set of string values on the wire (status, channel, priority, sender, type).
///
/// Decoding an unknown value fails with a message that lists the valid ones, so a bad
/// server reply or a bad command-line flag is reported as "invalid X 'y' (expected a, b, c)".
public protocol WireEnum: RawRepresentable, CaseIterable, Codable, Sendable, Hashable
where RawValue == String {
    /// The field name used in error messages ("status", "channel", ...).
    static var fieldName: String { get }
}

extension WireEnum {
    /// The valid raw values, comma separated, in declaration order.
    public static var validValues: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// Parses a raw value, throwing a `InvalidWireValue` that names the valid values.
    public static func parse(_ raw: String) throws(InvalidWireValue) -> Self {
        guard let value = Self(rawValue: raw) else {
            throw InvalidWireValue(field: fieldName, value: raw, expected: validValues)
        }
        return value
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Self.parse(raw)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description)
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A value outside a `WireEnum`'s set.
public struct InvalidWireValue: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let value: String
    public let expected: String

    public init(field: String, value: String, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "invalid \(field) '\(value)' (expected one of: \(expected))"
    }
}
