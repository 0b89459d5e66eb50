import ChatClientKit
import Foundation

/// The pure core of `messages send` over a socket: follows the session's events for one
/// outbox entry and decides when the command ends, and how.
struct SendTracker: Sendable {
    enum Outcome: Sendable, Equatable {
        /// The server acknowledged the message; it is printed.
        case sent(Message)
        case failed(ExitStatus, String)
    }

    let clientID: String
    let conversation: ConversationID
    private var joinRefusal: String?
    private var connected = false

    init(clientID: String, conversation: ConversationID) {
        self.clientID = clientID
        self.conversation = conversation
    }

    /// The outcome `event` settles, if any.
    mutating func handle(_ event: ConversationEvent) -> Outcome? {
        switch event {
        case .messages(let messages):
            return messages.first { $0.clientMessageID == clientID }.map(Outcome.sent)
        case .outbox(let entries):
            guard let entry = entries.first(where: { $0.id == clientID }) else { return nil }
            switch entry.state {
            case .pending: return nil
            case .failed(let reason):
                let closed = reason.lowercased().contains("closed")
                return .failed(.rejected, closed
                    ? "conversation \(conversation) is closed (\(reason)); the message was not stored"
                    : "the server refused the message (\(reason))")
            case .unconfirmed:
                return .failed(.temporary, "the connection was lost before the server acknowledged the message, and "
                    + "the server's history could not tell: it may or may not have been stored; look before sending it again")
            }
        case .state(let state):
            if state == .connected { connected = true }
            return outcome(of: state)
        case .joinRefused(let text):
            joinRefusal = text
            return nil
        default:
            return nil
        }
    }

    /// What a timeout means at this point.
    func timedOut(after seconds: Double) -> Outcome {
        let waited = "no acknowledgement within \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s"
        if let joinRefusal {
            return .failed(.temporary, "\(waited): \(joinRefusal); assign conversation \(conversation) to this user first "
                + "('chatctl assign \(conversation) USER')")
        }
        if !connected { return .failed(.unavailable, "\(waited): the connection to the server never came up") }
        return .failed(.temporary, "\(waited); the message stays unsent, try again")
    }

    private func outcome(of state: ConnectionState) -> Outcome? {
        switch state {
        case .authFailed(let reason):
            .failed(.auth, "the server rejected the credentials (\(reason)); set CHAT_TOKEN or --token-file, or --user")
        case .closed(.roleRefused(let reason)):
            .failed(.usage, "the server refused the role (\(reason)); pass --role with one of \(RoomsDialect.roles.joined(separator: ", "))")
        case .closed(.conversationNotFound):
            .failed(.notFound, "conversation \(conversation) does not exist")
        case .closed(.byServer(let code, let reason)):
            .failed(.unavailable, "the server closed the connection (code \(code)\(reason.isEmpty ? "" : ": \(reason)"))")
        default:
            nil
        }
    }
}
