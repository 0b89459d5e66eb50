import ChatClientKit
import Foundation

/// The pure core of `watch`: turns session events into output lines and decides when to
/// stop and with which exit status. Messages that existed before the watch began are not
/// reported; `--count` counts the messages reported; typing is reported as changes (who
/// started, who stopped). Past `deadline` any input ends the watch as its timeout would,
/// so a backlog of events cannot keep it running.
struct WatchTracker: Sendable {
    enum Input: Sendable {
        case event(ConversationID, ConversationEvent)
        case timeout
        case interrupted
    }

    struct Outcome: Sendable, Equatable {
        let status: ExitStatus
        /// The sentence for stderr when the watch failed.
        let reason: String?
    }

    private var remaining: Int?
    private var seen: Set<MessageID>
    private let timeout: Double?
    private let deadline: Double?
    /// Who each conversation last showed as typing.
    private var typing: [ConversationID: [String]] = [:]

    /// `deadline` is on the clock of `handle`'s `now`.
    init(count: Int?, timeout: Double?, deadline: Double? = nil, seen: Set<MessageID>) {
        remaining = count
        self.timeout = timeout
        self.deadline = deadline
        self.seen = seen
    }

    /// The lines to print for `input`, and the outcome if the watch ends with it.
    mutating func handle(_ input: Input, now: Double, time: Date) -> (events: [WatchEvent], outcome: Outcome?) {
        if let deadline, now >= deadline, case .event = input { return handle(.timeout, now: now, time: time) }
        switch input {
        case .interrupted:
            return ([], Outcome(status: .ok, reason: nil))
        case .timeout:
            guard let remaining else { return ([], Outcome(status: .ok, reason: nil)) }
            let seconds = timeout.map { " after \($0 == $0.rounded() ? String(Int($0)) : String($0)) s" } ?? ""
            return ([], Outcome(status: .temporary, reason: "timed out\(seconds) still waiting for \(remaining) message\(remaining == 1 ? "" : "s")"))
        case .event(let id, let event):
            return handle(event, of: id, now: now, time: time)
        }
    }

    private mutating func handle(_ event: ConversationEvent, of id: ConversationID, now: Double, time: Date)
        -> (events: [WatchEvent], outcome: Outcome?)
    {
        switch event {
        case .state(let state):
            return ([WatchEvent.state(state, of: id, now: now, time: time)], outcome(of: state, id))
        case .messages(let messages):
            var events: [WatchEvent] = []
            for message in messages where seen.insert(message.id).inserted {
                var line = WatchEvent(.message, id, time: time)
                line.message = message
                events.append(line)
                if let left = remaining {
                    remaining = left - 1
                    if left == 1 { return (events, Outcome(status: .ok, reason: nil)) }
                }
            }
            return (events, nil)
        case .typing(let users):
            let before = typing[id] ?? []
            typing[id] = users.isEmpty ? nil : users
            let (was, current) = (Set(before), Set(users))
            let started = users.filter { !was.contains($0) }
            let stopped = before.filter { !current.contains($0) }
            guard !started.isEmpty || !stopped.isEmpty else { return ([], nil) }
            var line = WatchEvent(.typing, id, time: time)
            line.started = started.isEmpty ? nil : started
            line.stopped = stopped.isEmpty ? nil : stopped
            return ([line], nil)
        case .presence(let user, let online):
            var line = WatchEvent(.presence, id, time: time)
            line.userID = user
            line.online = online
            return ([line], nil)
        case .serverError(let error):
            var line = WatchEvent(.error, id, time: time)
            line.error = error.message
            return ([line], nil)
        case .gap(let text):
            var line = WatchEvent(.gap, id, time: time)
            line.reason = text
            return ([line], nil)
        case .unrecognized(let raw, let reason):
            var line = WatchEvent(.unrecognized, id, time: time)
            line.raw = raw
            line.reason = reason
            return ([line], nil)
        case .read(let user, let messages):
            var line = WatchEvent(.read, id, time: time)
            line.userID = user
            line.messageIDs = messages
            return ([line], nil)
        case .joinRefused(let text):
            var line = WatchEvent(.joinRefused, id, time: time)
            line.reason = text
            return ([line], nil)
        case .recovered(let recovery):
            var line = WatchEvent(.recovered, id, time: time)
            line.recovery = recovery
            return ([line], nil)
        case .outbox, .sentBefore:
            return ([], nil)
        }
    }

    private func outcome(of state: ConnectionState, _ id: ConversationID) -> Outcome? {
        switch state {
        case .authFailed(let reason):
            Outcome(
                status: .auth,
                reason: "the server rejected the token on conversation \(id.rawValue)'s socket (\(reason)); "
                    + "set CHAT_TOKEN or --token-file to a valid admin token")
        case .closed(.conversationNotFound):
            Outcome(
                status: .notFound,
                reason: "conversation \(id.rawValue) does not exist; list conversations with 'chatctl conversations list'")
        case .closed(.roleRefused(let reason)):
            Outcome(
                status: .usage,
                reason: "the server refused the role (\(reason)); pass --role with one of \(RoomsDialect.roles.joined(separator: ", "))")
        case .closed(.byServer(let code, let reason)):
            Outcome(
                status: .unavailable,
                reason: "the server closed conversation \(id.rawValue)'s socket (code \(code)\(reason.isEmpty ? "" : ": \(reason)")); run watch again to resume")
        default:
            nil
        }
    }
}
