import Foundation
import Hummingbird

/// Requires `Authorization: Bearer JWT` naming an admin: 401 when missing, invalid or expired, 403 otherwise.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let tokens: TokenAuthority

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("Not authenticated")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("Invalid authentication scheme; expected 'Bearer <token>'")
        }
        let identity: Identity
        do {
            identity = try await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces))
        } catch .expired {
            throw APIError.unauthorized("Token has expired")
        } catch {
            throw APIError.unauthorized("Invalid token")
        }
        guard identity.isAdmin else {
            throw APIError.forbidden("Admin role required")
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
