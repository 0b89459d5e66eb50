import Foundation

/// A JWT bearer token. Its description is redacted, so interpolating it into a log line
/// or an error message never leaks it; only `value` (used for the wire) reveals it.
public struct BearerToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) throws(ChatError) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .usage("the token is empty") }
        guard !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw .usage("the token contains whitespace; the token file must hold the token alone")
        }
        self.value = trimmed
    }

    public var description: String { "<token redacted>" }
    public var debugDescription: String { description }

    /// The token's claims, decoded without verifying the signature (the server verifies).
    public var claims: [String: Any]? {
        let parts = value.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The `sub` claim: the user id the server will see.
    public var subject: String? { claims?["sub"] as? String }

    /// The `exp` claim, if any.
    public var expiresAt: Date? {
        (claims?["exp"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
    }
}
