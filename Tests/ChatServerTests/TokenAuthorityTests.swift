import ChatServerCore
import Foundation
import Testing

@Suite struct TokenAuthorityTests {
    private static let secret = String(repeating: "k", count: 32)

    @Test func verifiesWhatItMints() async throws {
        let authority = try await TokenAuthority(secret: Self.secret)
        let token = try authority.mint(sub: "agent-7", role: "admin", ttl: 60)
        let identity = try await authority.verify(token)
        #expect(identity == Identity(userID: "agent-7", role: "admin"))
        #expect(identity.isAdmin)
    }

    @Test func refusesExpiredTokensByItsClock() async throws {
        let clock = ManualDate(Date(timeIntervalSince1970: 1_700_000_000))
        let authority = try await TokenAuthority(secret: Self.secret, now: { clock.now })
        let token = try authority.mint(sub: "agent-1", ttl: 60)
        clock.advance(59)
        _ = try await authority.verify(token)
        clock.advance(1)
        await #expect(throws: TokenError.expired) { try await authority.verify(token) }
    }

    @Test func refusesTokensSignedWithAnotherSecret() async throws {
        let authority = try await TokenAuthority(secret: Self.secret)
        let other = try await TokenAuthority(secret: String(repeating: "x", count: 40))
        let forged = try other.mint(sub: "agent-1", ttl: 60)
        await #expect(throws: TokenError.badSignature) { try await authority.verify(forged) }
        await #expect(throws: TokenError.malformed) { try await authority.verify("not-a-jwt") }
    }

    @Test func refusesUnsignedTokens() async throws {
        let authority = try await TokenAuthority(secret: Self.secret)
        let header = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
        let claims = Data(#"{"sub":"agent-1","role":"admin","exp":9999999999}"#.utf8).base64EncodedString()
        let unsigned = "\(header).\(claims)."
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        await #expect(throws: TokenError.self) { try await authority.verify(unsigned) }
    }

    @Test func refusesShortSecrets() async {
        await #expect(throws: TokenError.secretTooShort(bytes: 31)) {
            try await TokenAuthority(secret: String(repeating: "k", count: 31))
        }
    }

    @Test(arguments: [("3600", 3600.0), ("90s", 90), ("15m", 900), ("24h", 86_400), ("7d", 604_800), ("1.5h", 5_400)])
    func parsesLifetimes(text: String, seconds: Double) throws {
        #expect(try TokenAuthority.parseLifetime(text) == seconds)
    }

    @Test(arguments: ["", "h", "-5m", "0", "12x", "abc"])
    func refusesBadLifetimes(text: String) {
        #expect(throws: TokenError.invalidLifetime(text)) { try TokenAuthority.parseLifetime(text) }
    }
}

/// A wall clock the test moves by hand.
final class ManualDate: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date

    init(_ start: Date) {
        value = start
    }

    var now: Date {
        lock.withLock { value }
    }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { value += seconds }
    }
}
