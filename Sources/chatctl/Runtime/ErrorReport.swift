import ArgumentParser
import ChatClientKit
import Foundation

/// What a command was working on, so an error can name it and say what to do next.
enum ErrorSubject: Sendable, Equatable {
    case none
    case conversation(ConversationID)
    /// A conversation's history, optionally before a message (or a time).
    case history(ConversationID, before: String?)
    case messages([MessageID])
}

/// Turns a `ChatError` into the one sentence chatctl prints: what happened, then a hint.
struct ErrorReport: Sendable {
    /// Where the request went; nil when settings could not be resolved.
    var server: String?
    var dialect: String?
    var tokenSubject: String?
    var tokenExpiry: Date?
    var now = Date()

    init(settings: ClientSettings?) {
        server = settings?.server.description
        dialect = settings?.dialect.name
        tokenSubject = settings?.token?.subject
        tokenExpiry = settings?.token?.expiresAt
    }

    func sentence(_ error: ChatError, about subject: ErrorSubject) -> String {
        switch error {
        case .usage(let text):
            return text
        case .unauthorized(let detail):
            if let expiry = tokenExpiry, expiry <= now {
                return "the token expired at \(TimeText.local(expiry)); get a new one and set CHAT_TOKEN or --token-file"
            }
            return "the server rejected the token (\(detail)); set CHAT_TOKEN or --token-file to a valid token"
        case .forbidden(let detail):
            let whose = tokenSubject.map { " of '\($0)'" } ?? ""
            return "the token\(whose) is not allowed to do this (\(detail)); chatctl needs a token with the admin role"
        case .notFound(let detail):
            return notFound(detail, subject)
        case .conversationClosed(let detail):
            guard case .conversation(let id) = subject else {
                return "\(detail); reopen the conversation with 'chatctl conversations reopen ID'"
            }
            return "conversation \(id.rawValue) is closed; reopen it with 'chatctl conversations reopen \(id.rawValue)'"
        case .validation(let detail):
            return "the server rejected the request (\(detail)); correct the value and try again"
        case .rateLimited(let detail, let retryAfter):
            let wait = retryAfter.map(WaitText.duration) ?? "a minute"
            return "the server is rate limiting requests (\(detail)); wait \(wait) and try again, or pass --retries N"
        case .server(let status, let detail, _):
            return "the server failed with HTTP \(status) (\(detail)); try again later or pass --retries N"
        case .waitTooLong(let status, let detail, let retryAfter):
            return "the server answered HTTP \(status) (\(detail)) and asks to wait \(WaitText.duration(retryAfter)), "
                + "longer than chatctl waits (\(WaitText.duration(RetryPolicy.longestWait))); try again later"
        case .misbehaving(let text):
            return text
        case .network(let text):
            return "\(text); check --server or CHAT_SERVER\(server.map { " (now \($0))" } ?? "")"
        case .timeout(let text):
            return "\(text); try again, or allow more time with --request-timeout"
        case .invalidResponse(let text):
            let target = server ?? "the server"
            return "\(text); is \(target) a chat server speaking the '\(dialect ?? "conversations")' dialect?"
        case .storage(let text):
            return "\(text); check the free space and permissions of $XDG_STATE_HOME/chat"
        }
    }

    private func notFound(_ detail: String, _ subject: ErrorSubject) -> String {
        switch subject {
        case .conversation(let id), .history(let id, before: nil):
            "conversation \(id.rawValue) does not exist; list conversations with 'chatctl conversations list'"
        case .history(let id, let before?):
            "conversation \(id.rawValue) or message \(before) does not exist (\(detail)); "
                + "list its messages with 'chatctl messages list \(id.rawValue)'"
        case .messages(let ids):
            "\(detail) (among \(ids.count == 1 ? ids[0].rawValue : "\(ids.count) ids")); "
                + "list messages with 'chatctl messages list CONVERSATION_ID'"
        case .none:
            "\(detail); check the id"
        }
    }
}

/// Ends a command after a `ChatError`: prints its sentence, returns the exit code to throw.
enum CommandFailure {
    static func report(_ error: ChatError, about subject: ErrorSubject, settings: ClientSettings?) -> ExitCode {
        Console.fail(ErrorReport(settings: settings).sentence(error, about: subject))
        return ExitCode(ExitStatus(error).rawValue)
    }
}
