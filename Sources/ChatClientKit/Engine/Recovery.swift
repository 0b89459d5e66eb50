import Foundation

/// What an outage cost one conversation and how it came back: reported once the catch-up
/// after reconnecting is done and every message that was waiting in the outbox has its answer.
public struct Recovery: Sendable, Equatable {
    /// Seconds without a usable connection, summed over the failed attempts in between.
    public var offlineSeconds: Double
    /// Messages from others that the catch-up found.
    public var receivedMeanwhile: Int
    /// Outbox entries the server confirmed after the loss (resent, or found already stored).
    public var sentFromOutbox: Int
    /// Outbox entries whose fate stayed unknown (sent, acknowledgement lost, no history).
    public var unconfirmed: Int
    /// Outbox entries the server refused meanwhile.
    public var failed: Int
    /// What could not be recovered, and why; nil when nothing was missed.
    public var unrecovered: String?
    /// The newest message the conversation had when the connection was lost: what came
    /// after it is what the outage hid.
    public var lastSeenBefore: MessageID?

    public init(
        offlineSeconds: Double = 0, receivedMeanwhile: Int = 0, sentFromOutbox: Int = 0, unconfirmed: Int = 0,
        failed: Int = 0, unrecovered: String? = nil, lastSeenBefore: MessageID? = nil
    ) {
        self.offlineSeconds = offlineSeconds
        self.receivedMeanwhile = receivedMeanwhile
        self.sentFromOutbox = sentFromOutbox
        self.unconfirmed = unconfirmed
        self.failed = failed
        self.unrecovered = unrecovered
        self.lastSeenBefore = lastSeenBefore
    }

    /// One line: "offline 47 s · 12 received meanwhile · 2 sent from the outbox".
    public var summary: String {
        var parts = ["offline \(Self.duration(offlineSeconds))"]
        if let unrecovered {
            parts.append(receivedMeanwhile > 0 ? "\(receivedMeanwhile) received meanwhile, \(unrecovered)" : unrecovered)
        } else {
            parts.append("\(receivedMeanwhile) received meanwhile")
        }
        parts.append("\(sentFromOutbox) sent from the outbox")
        if unconfirmed > 0 { parts.append("\(unconfirmed) unconfirmed") }
        if failed > 0 { parts.append("\(failed) refused") }
        return parts.joined(separator: " · ")
    }

    /// "0.4 s", "47 s", "3 min 5 s", "2 h 10 min".
    static func duration(_ seconds: Double) -> String {
        let seconds = seconds.isFinite ? max(seconds, 0) : 0
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        let whole = Int(min(seconds, 1e9).rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

/// One conversation's outage, from the moment its socket was lost until it has recovered:
/// how long it was offline, what the catch-up found and what became of the outbox entries
/// it owed the server.
struct OutageLedger: Sendable, Equatable {
    private var recovery: Recovery
    /// Offline since (monotonic seconds); nil while connected.
    private var lostAt: Double?
    private var caughtUp = false
    /// Outbox entries waiting at the loss or typed during it, still without an answer.
    private var owed: Set<String>

    init(lostAt now: Double, lastSeen: MessageID?, owed: Set<String>) {
        recovery = Recovery(lastSeenBefore: lastSeen)
        lostAt = now
        self.owed = owed
    }

    /// The connection was lost again before the conversation recovered.
    mutating func lost(now: Double) {
        if lostAt == nil { lostAt = now }
        caughtUp = false
    }

    /// The conversation is on a socket again; its catch-up starts.
    mutating func back(now: Double) {
        guard let lostAt else { return }
        recovery.offlineSeconds += max(now - lostAt, 0)
        self.lostAt = nil
    }

    /// The catch-up is done: it found `received` messages from others, missed what
    /// `unrecovered` says, and `pending` entries are still to be sent.
    mutating func caughtUp(received: Int, unrecovered: String?, pending: Set<String>) {
        caughtUp = true
        recovery.receivedMeanwhile += received
        recovery.unrecovered = unrecovered ?? recovery.unrecovered
        owed.formUnion(pending)
    }

    /// True when `clientID` is one of the entries this outage owes.
    func owes(_ clientID: String) -> Bool { owed.contains(clientID) }

    /// Counts what the courier decided about owed entries.
    mutating func settled(_ decision: Courier.Action) {
        switch decision {
        case .confirm(let ids): recovery.sentFromOutbox += take(ids)
        case .fail(let ids, _): recovery.failed += take(ids)
        case .unconfirm(let ids): recovery.unconfirmed += take(ids)
        case .send: break
        }
    }

    /// The recovery, once caught up with nothing owed any more.
    var finished: Recovery? {
        caughtUp && owed.isEmpty ? recovery : nil
    }

    private mutating func take(_ ids: [String]) -> Int {
        ids.reduce(0) { count, id in owed.remove(id) == nil ? count : count + 1 }
    }
}
