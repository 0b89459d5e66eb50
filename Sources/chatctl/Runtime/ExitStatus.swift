import ChatClientKit

/// chatctl's exit codes (sysexits.h values where one fits), as `chatctl --help` documents them.
enum ExitStatus: Int32, CaseIterable, Sendable {
    case ok = 0
    case failure = 1
    case usage = 64
    case rejected = 65
    case notFound = 66
    case unavailable = 69
    case ioError = 74
    case temporary = 75
    case auth = 77

    /// The exit code for a failed request.
    init(_ error: ChatError) {
        switch error {
        case .usage: self = .usage
        case .validation, .conversationClosed: self = .rejected
        case .notFound: self = .notFound
        case .network, .server, .misbehaving: self = .unavailable
        case .rateLimited, .timeout, .waitTooLong: self = .temporary
        case .unauthorized, .forbidden: self = .auth
        case .invalidResponse: self = .failure
        case .storage: self = .ioError
        }
    }

    /// What the code means, for the help text.
    var meaning: String {
        switch self {
        case .ok: "success"
        case .failure: "any other failure"
        case .usage: "usage: bad flag, id, value or configuration; nothing was sent"
        case .rejected: "rejected by the server (validation, closed conversation)"
        case .notFound: "not found"
        case .unavailable: "server unreachable, or it failed (5xx, a reply too large, paging without end)"
        case .ioError: "the local outbox could not be read or written (disk full, permissions)"
        case .temporary: "temporary: rate limited (even when asked to wait more than 60 s) or timed out, or a rooms message whose fate is unknown; try again later"
        case .auth: "authentication or permission: bad, expired or non-admin token"
        }
    }

    /// The exit-code table of `chatctl --help`.
    static var table: String {
        allCases.map { "  " + ($0.rawValue < 10 ? " " : "") + "\($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}
