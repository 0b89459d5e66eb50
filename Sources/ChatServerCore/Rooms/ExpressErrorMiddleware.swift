import Hummingbird

/// Answers the errors of the routes behind it Express-style, `{"error": "text"}`, as seed 003's
/// deployments do for `/ws/*` (the rest of the server keeps FastAPI's `{"detail": ...}`).
struct ExpressErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch StoreError.unavailable {
            var response = JSONResponse.make(["error": "Storage unavailable; try again shortly"], status: .serviceUnavailable)
            response.headers.append(contentsOf: APIError.storageUnavailable.headers)
            return response
        } catch let error as APIError {
            let text = switch error.detail {
            case .text(let text): text
            case .issues(let issues): issues.map(\.msg).joined(separator: "; ")
            }
            var response = JSONResponse.make(["error": text], status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        }
    }
}
