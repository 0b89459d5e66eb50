import ChatClientKit
import Foundation

/// One line of `watch` output: `{"event": kind, "conversation_id", "time", ...}` with the
/// fields of its kind (absent ones omitted).
struct WatchEvent: Encodable, Sendable, Equatable {
    enum Kind: String, Encodable, Sendable {
        case state, message, typing, presence, error, gap, unrecognized, read, recovered
        case joinRefused = "join_refused"
    }

    var event: Kind
    var conversationID: ConversationID
    var time: Date
    var state: String?
    var attempt: Int?
    var retryIn: Double?
    var reason: String?
    var code: Int?
    var message: Message?
    /// Typing: who started and who stopped since the last typing line.
    var started: [String]?
    var stopped: [String]?
    var userID: String?
    var online: Bool?
    var error: String?
    var raw: String?
    var messageIDs: [MessageID]?
    var recovery: Recovery?

    init(_ event: Kind, _ conversationID: ConversationID, time: Date) {
        self.event = event
        self.conversationID = conversationID
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case event, time, state, attempt, reason, code, message, started, stopped, online, error, raw
        case conversationID = "conversation_id"
        case messageIDs = "message_ids"
        case retryIn = "retry_in"
        case userID = "user_id"
        case summary
        case offlineSeconds = "offline_seconds"
        case receivedMeanwhile = "received_meanwhile"
        case sentFromOutbox = "sent_from_outbox"
        case unconfirmed, refused
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(time, forKey: .time)
        try c.encodeIfPresent(state, forKey: .state)
        try c.encodeIfPresent(attempt, forKey: .attempt)
        try c.encodeIfPresent(retryIn, forKey: .retryIn)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(code, forKey: .code)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(started, forKey: .started)
        try c.encodeIfPresent(stopped, forKey: .stopped)
        try c.encodeIfPresent(userID, forKey: .userID)
        try c.encodeIfPresent(online, forKey: .online)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(raw, forKey: .raw)
        try c.encodeIfPresent(messageIDs, forKey: .messageIDs)
        if let recovery {
            try c.encode(recovery.summary, forKey: .summary)
            try c.encode((recovery.offlineSeconds * 10).rounded() / 10, forKey: .offlineSeconds)
            try c.encode(recovery.receivedMeanwhile, forKey: .receivedMeanwhile)
            try c.encode(recovery.sentFromOutbox, forKey: .sentFromOutbox)
            try c.encode(recovery.unconfirmed, forKey: .unconfirmed)
            try c.encode(recovery.failed, forKey: .refused)
            try c.encodeIfPresent(recovery.unrecovered, forKey: .reason)
        }
    }

    /// A connection-state event; `now` is the session clock, to turn `retryAt` into seconds.
    static func state(_ state: ConnectionState, of conversationID: ConversationID, now: Double, time: Date) -> WatchEvent {
        var event = WatchEvent(.state, conversationID, time: time)
        func retryIn(_ at: Double) -> Double { max(0, ((at - now) * 10).rounded() / 10) }
        switch state {
        case .idle: event.state = "idle"
        case .connecting(let attempt):
            event.state = "connecting"
            event.attempt = attempt
        case .connected: event.state = "connected"
        case .reconnecting(let attempt, let retryAt):
            event.state = "reconnecting"
            event.attempt = attempt
            event.retryIn = retryIn(retryAt)
        case .waitingForUser(let retryAt):
            event.state = "waiting_for_user"
            event.retryIn = retryIn(retryAt)
        case .authFailed(let reason):
            event.state = "auth_failed"
            event.reason = reason
        case .closed(.byUser):
            event.state = "closed"
            event.reason = "by_user"
        case .closed(.byServer(let code, let reason)):
            event.state = "closed"
            event.reason = reason
            event.code = code
        case .closed(.conversationNotFound):
            event.state = "closed"
            event.reason = "conversation_not_found"
        case .closed(.roleRefused(let reason)):
            event.state = "closed"
            event.reason = "role refused: \(reason)"
        }
        return event
    }
}
