import Foundation
import JWTKit

/// Mints and verifies the server's HS256 bearer tokens.
///
/// Minting is synchronous (tests and `chat-server token` mint with the same secret);
/// verification goes through JWTKit, and expiry is judged by the injected clock.
public final class TokenAuthority: Sendable {
    public static let minimumSecretBytes = 32

    private let keys: JWTKeyCollection
    private let algorithm: any JWTAlgorithm
    private let now: @Sendable () -> Date

    /// Fails with `.secretTooShort` for secrets under 32 bytes (JWTKit traps on those in debug builds).
    public init(secret: String, now: @escaping @Sendable () -> Date = { Date() }) async throws {
        let bytes = Array(secret.utf8)
        guard bytes.count >= Self.minimumSecretBytes else {
            throw TokenError.secretTooShort(bytes: bytes.count)
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: bytes), digestAlgorithm: .sha256)
        self.keys = keys
        self.algorithm = try await keys.getKey()
        self.now = now
    }

    /// A signed token for `sub` with `role`, valid for `ttl` seconds from now.
    public func mint(sub: String, role: String = Identity.adminRole, ttl: TimeInterval) throws -> String {
        let issuedAt = Int(now().timeIntervalSince1970)
        let claims = MintedClaims(sub: sub, role: role, iat: issuedAt, exp: issuedAt + Int(ttl.rounded(.up)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let header = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(try encoder.encode(claims))
        let signingInput = header + "." + payload
        let signature = try algorithm.sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(Data(signature))
    }

    /// The identity a token names, or `TokenError` if it is malformed, forged or expired.
    public func verify(_ token: String) async throws(TokenError) -> Identity {
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        guard now() < claims.exp.value else { throw .expired }
        return Identity(userID: claims.sub.value, role: claims.role)
    }

    /// Parses a lifetime such as `3600`, `90s`, `15m`, `24h` or `7d` into seconds.
    public static func parseLifetime(_ text: String) throws(TokenError) -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text.trimmingCharacters(in: .whitespaces))
        var scale = 1.0
        if let last = number.last, let unit = units[last] {
            scale = unit
            number = number.dropLast()
        }
        guard let value = Double(number), value > 0, value.isFinite else {
            throw .invalidLifetime(text)
        }
        return value * scale
    }
}

/// Base64url without padding (RFC 7515 §2).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
