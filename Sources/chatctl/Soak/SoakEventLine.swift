import ChatClientKit
import Foundation

/// One line of `soak -o ndjson`: `{"event": kind, "conversation_id", "time", ...}`.
struct SoakEventLine: Encodable {
    let event: SoakEvent
    let conversation: ConversationID
    let time: Date

    init(_ event: SoakEvent, conversation: ConversationID, time: Date) {
        self.event = event
        self.conversation = conversation
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case event, time, n, reason, state, seconds, summary
        case conversationID = "conversation_id"
        case clientID = "client_id"
        case afterSeconds = "after_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(conversation, forKey: .conversationID)
        try c.encode(time, forKey: .time)
        switch event {
        case .sent(let number, let clientID):
            try c.encode("sent", forKey: .event)
            try c.encode(number, forKey: .n)
            try c.encode(clientID, forKey: .clientID)
        case .confirmed(let number, let after):
            try c.encode("confirmed", forKey: .event)
            try c.encode(number, forKey: .n)
            try c.encode((after * 1000).rounded() / 1000, forKey: .afterSeconds)
        case .refused(let number, let reason):
            try c.encode("refused", forKey: .event)
            try c.encode(number, forKey: .n)
            try c.encode(reason, forKey: .reason)
        case .unconfirmed(let number):
            try c.encode("unconfirmed", forKey: .event)
            try c.encode(number, forKey: .n)
        case .state(let state):
            try c.encode("state", forKey: .event)
            try c.encodeIfPresent(WatchEvent.state(state, of: conversation, now: 0, time: time).state, forKey: .state)
        case .outageEnded(let seconds):
            try c.encode("outage_ended", forKey: .event)
            try c.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
        case .recovered(let recovery):
            try c.encode("recovered", forKey: .event)
            try c.encode(recovery.summary, forKey: .summary)
            try c.encode((recovery.offlineSeconds * 1000).rounded() / 1000, forKey: .seconds)
        }
    }
}
