import ChatClientKit
import Foundation
import TestSupport

/// Follows a session's events and lets a test wait, with a deadline, until what it
/// expects has happened (never by sleeping).
final class SessionWatcher {
    let session: ConversationSession
    private let mailbox = Mailbox<ConversationEvent>()
    private(set) var state = ConnectionState.idle
    private(set) var states: [ConnectionState] = []
    private(set) var outbox: [OutboxEntry] = []
    private(set) var messages: [Message] = []
    private(set) var serverErrors: [ServerError] = []
    private(set) var typing: [String] = []
    private(set) var joinRefusals: [String] = []
    private(set) var recoveries: [Recovery] = []
    /// Client ids the session said this client sent in earlier runs.
    private(set) var sentBefore: Set<String> = []
    /// Client ids of the messages sent through `send(_:)`, in order.
    private(set) var sent: [String] = []
    /// Client ids that came back from the server (echo or history).
    private(set) var confirmed: Set<String> = []

    init(_ session: ConversationSession) {
        self.session = session
        let mailbox = self.mailbox
        Task {
            for await event in session.events { mailbox.push(event) }
            mailbox.finish()
        }
    }

    /// Consumes events until `condition` holds, or throws `DeadlineExceeded`.
    func wait(
        _ what: String, timeout: Duration = .seconds(60), until condition: (SessionWatcher) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            let left = max(deadline - ContinuousClock.now, .milliseconds(1))
            guard let event = try await mailbox.next(timeout: left, waitingFor: what) else {
                throw SessionEnded(waitingFor: what)
            }
            apply(event)
        }
    }

    func waitConnected() async throws {
        try await wait("connected") { $0.state == .connected }
    }

    /// Sends through the session and remembers the client id.
    @discardableResult
    func send(_ text: String) async throws -> OutboxEntry {
        let entry = try await session.send(text)
        sent.append(entry.id)
        return entry
    }

    /// Waits until the server has confirmed `ids` (all messages sent here by default) and
    /// they have left the outbox.
    func waitDelivered(_ ids: [String]? = nil, timeout: Duration = .seconds(60)) async throws {
        let ids = ids ?? sent
        try await wait("\(ids.count) message(s) to be delivered", timeout: timeout) { watcher in
            ids.allSatisfy(watcher.confirmed.contains) && !watcher.outbox.contains { ids.contains($0.id) }
        }
    }

    struct SessionEnded: Error {
        let waitingFor: String
    }

    private func apply(_ event: ConversationEvent) {
        switch event {
        case .state(let state):
            self.state = state
            states.append(state)
        case .outbox(let entries): outbox = entries
        case .messages(let new):
            messages += new
            confirmed.formUnion(new.compactMap(\.clientMessageID))
        case .serverError(let error): serverErrors.append(error)
        case .typing(let users): typing = users
        case .joinRefused(let text): joinRefusals.append(text)
        case .recovered(let recovery): recoveries.append(recovery)
        case .sentBefore(let ids): sentBefore = ids
        case .presence, .unrecognized, .gap, .read: break
        }
    }
}
