/// Why a secret or a token was refused.
public enum TokenError: Error, Equatable, CustomStringConvertible {
    case secretTooShort(bytes: Int)
    case malformed
    case badSignature
    case expired
    case invalidLifetime(String)

    public var description: String {
        switch self {
        case .secretTooShort(let bytes):
            "the secret is \(bytes) bytes long; HS256 needs at least \(TokenAuthority.minimumSecretBytes) bytes"
        case .malformed: "Invalid token"
        case .badSignature: "Invalid token signature"
        case .expired: "Token has expired"
        case .invalidLifetime(let text):
            "invalid lifetime '\(text)' (expected a positive number with an optional unit s, m, h or d, e.g. 90m or 24h)"
        }
    }
}
