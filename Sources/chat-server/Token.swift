import ArgumentParser
import ChatServerCore

/// `chat-server token`: prints an HS256 JWT signed with the server's secret.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a bearer token (HS256 JWT) for the API and WebSocket.")

    @Option(help: "The user id (JWT 'sub').")
    var sub: String

    @Option(help: "The role claim; the API requires 'admin'.")
    var role = "admin"

    @Option(help: "Lifetime: seconds, or a number with s, m, h or d (e.g. 90m, 24h, 7d).")
    var ttl = "24h"

    @OptionGroup var secret: SecretOptions

    func run() async throws {
        let lifetime: Double
        do {
            lifetime = try TokenAuthority.parseLifetime(ttl)
        } catch {
            throw CommandFailure(error.description)
        }
        let authority = try await TokenAuthority(secret: secret.resolve().value)
        print(try authority.mint(sub: sub, role: role, ttl: lifetime))
    }
}
