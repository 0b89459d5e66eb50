import Hummingbird
import Logging

/// Turns every error into a FastAPI-shaped JSON body (`{"detail": ...}`); unexpected ones become 500 and are logged.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch StoreError.unavailable {
            return try APIError.storageUnavailable.response(from: request, context: context)
        } catch let error as HTTPError {
            let text = error.body ?? error.status.reasonPhrase
            return try APIError(status: error.status, detail: .text(text), headers: error.headers)
                .response(from: request, context: context)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return JSONResponse.make(["detail": "Internal Server Error"], status: .internalServerError)
        }
    }
}
