import Foundation

/// Everything that can go wrong talking to a chat server, sorted by what the caller
/// should do about it. Descriptions are one clear sentence, never containing a token.
public enum ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input caught before any request (flags, URLs, ids, config).
    case usage(String)
    /// 401: missing, invalid or expired token.
    case unauthorized(String)
    /// 403: the token is valid but lacks the role.
    case forbidden(String)
    /// 404.
    case notFound(String)
    /// 400/422: the server refused the request's content; the server's message is kept.
    case validation(String)
    /// The conversation is closed, so it refuses messages.
    case conversationClosed(String)
    /// 429, or a `Rate limit exceeded` frame; `retryAfter` is the server's wait, when it named one.
    case rateLimited(String, retryAfter: Double?)
    /// 5xx; `retryAfter` as for `rateLimited` (a 503 may name one).
    case server(status: Int, String, retryAfter: Double? = nil)
    /// A 429 or 503 whose `Retry-After` asks for a longer wait than the client will make: not retried.
    case waitTooLong(status: Int, String, retryAfter: Double)
    /// The server could not be reached (refused, reset, DNS, TLS).
    case network(String)
    /// No answer in time.
    case timeout(String)
    /// The server answered with something that is not the protocol.
    case invalidResponse(String)
    /// The server spoke the protocol but broke a bound the client keeps (a reply too large,
    /// a page repeated, paging without end); the sentence says which.
    case misbehaving(String)
    /// The local outbox could not be read or written (disk full, permissions, corruption).
    case storage(String)

    public var description: String {
        switch self {
        case .usage(let text), .unauthorized(let text), .forbidden(let text), .notFound(let text),
             .validation(let text), .conversationClosed(let text), .rateLimited(let text, _),
             .network(let text), .timeout(let text), .invalidResponse(let text), .misbehaving(let text),
             .storage(let text):
            text
        case .server(let status, let text, _):
            "server error \(status): \(text)"
        case .waitTooLong(let status, let text, let seconds):
            "HTTP \(status) (\(text)) asks to wait \(WaitText.duration(seconds)) before trying again"
        }
    }

    /// The wait the server asked for with `Retry-After`, if any.
    public var retryAfter: Double? {
        switch self {
        case .rateLimited(_, let seconds), .server(_, _, let seconds): seconds
        case .waitTooLong(_, _, let seconds): seconds
        default: nil
        }
    }

    /// True for failures that may go away by themselves (worth retrying with backoff).
    public var isTemporary: Bool {
        switch self {
        case .rateLimited, .server, .network, .timeout: true
        default: false
        }
    }

    /// Classifies an HTTP error response from its status and FastAPI-shaped body.
    public static func from(status: Int, body: Data, retryAfter: String? = nil) -> ChatError {
        let detail = Self.detail(in: body) ?? HTTPStatusText.text(status)
        switch status {
        case 401: return .unauthorized(detail)
        case 403: return .forbidden(detail)
        case 404: return .notFound(detail)
        case 429: return .rateLimited(detail, retryAfter: RetryAfter.seconds(retryAfter))
        case 400 where detail.lowercased().contains("closed conversation"): return .conversationClosed(detail)
        case 400, 409, 413, 422: return .validation(detail)
        case 500...599: return .server(status: status, detail, retryAfter: RetryAfter.seconds(retryAfter))
        default: return .invalidResponse("unexpected HTTP \(status): \(detail)")
        }
    }

    /// The `detail` of `{"detail": "text"}` or `{"detail": [{"loc", "msg"}]}`.
    static func detail(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        if let text = object["detail"] as? String { return text }
        if let items = object["detail"] as? [[String: Any]] {
            let parts = items.compactMap { item -> String? in
                guard let message = item["msg"] as? String else { return nil }
                let location = (item["loc"] as? [Any])?.map { "\($0)" }.filter { $0 != "body" && $0 != "query" }
                guard let location, !location.isEmpty else { return message }
                return location.joined(separator: ".") + ": " + message
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
        return (object["error"] as? String) ?? (object["message"] as? String)
    }
}

enum HTTPStatusText {
    static func text(_ status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "not authenticated"
        case 403: "forbidden"
        case 404: "not found"
        case 422: "invalid request"
        case 429: "too many requests"
        case 500: "internal server error"
        case 502: "bad gateway"
        case 503: "service unavailable"
        case 504: "gateway timeout"
        default: "HTTP \(status)"
        }
    }
}
