import ChatModel
import Foundation
import Hummingbird

/// An error answered FastAPI-style: `{"detail": "text"}`, or `{"detail": [issues]}` for 422.
struct APIError: Error, HTTPResponseError {
    enum Detail: Sendable {
        case text(String)
        case issues([ValidationIssue])
    }

    let status: HTTPResponse.Status
    let detail: Detail
    var headers: HTTPFields = [:]

    static func notFound(_ text: String) -> Self { .init(status: .notFound, detail: .text(text)) }
    static func badRequest(_ text: String) -> Self { .init(status: .badRequest, detail: .text(text)) }
    static func forbidden(_ text: String) -> Self { .init(status: .forbidden, detail: .text(text)) }
    static func validation(_ issues: [ValidationIssue]) -> Self { .init(status: .unprocessableContent, detail: .issues(issues)) }

    static func unauthorized(_ text: String) -> Self {
        .init(status: .unauthorized, detail: .text(text), headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 503 while the database cannot be reached: nothing was changed.
    static let storageUnavailable = APIError(
        status: .serviceUnavailable, detail: .text("Storage unavailable; try again shortly"), headers: [.retryAfter: "1"])

    static func rateLimited(retryAfter: Duration) -> Self {
        let seconds = max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0))
        return .init(status: .tooManyRequests, detail: .text("Rate limit exceeded"), headers: [.retryAfter: "\(seconds)"])
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = switch detail {
        case .text(let text): JSONResponse.make(["detail": text], status: status)
        case .issues(let issues): JSONResponse.make(["detail": issues], status: status)
        }
        response.headers.append(contentsOf: headers)
        return response
    }
}
