import Foundation
import JWTKit

/// The claims of the server's HS256 tokens: `sub`, `role`, `iat`, `exp`.
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String?
    var iat: IssuedAtClaim?
    var exp: ExpirationClaim

    /// Expiry is checked by `TokenAuthority` against its own clock, not here.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims as minted: whole seconds, as most JWT libraries write them.
struct MintedClaims: Encodable {
    var sub: String
    var role: String
    var iat: Int
    var exp: Int
}
