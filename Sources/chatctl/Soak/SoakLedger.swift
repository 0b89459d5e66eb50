import ChatClientKit
import Foundation

/// The pure core of `soak`: what was sent, what the engine reported (confirmations,
/// outages, recoveries) and what the server's own history holds, and from those the live
/// status and the final report. Times are the session's monotonic seconds.
struct SoakLedger: Sendable {
    /// How the server side is checked: its history, or (servers that keep none) only the
    /// acknowledgements the client received.
    enum Verification: String, Sendable {
        case history
        case acknowledgements
    }

    struct Sent: Sendable {
        let number: Int
        let clientID: String
        let at: Double
    }

    let verification: Verification
    private(set) var sent: [Sent] = []
    private var numbers: [String: Int] = [:]
    private(set) var confirmed: Set<Int> = []
    /// Numbers seen in an outbox snapshot: only those can be confirmed by leaving it (an
    /// older snapshot, from before a message was queued, does not list it either).
    private var queued: Set<Int> = []
    private var refused: [Int: String] = [:]
    private var unconfirmed: Set<Int> = []
    /// Distinct stored messages per sent number, from the server's history.
    private var stored: [Int: Set<MessageID>] = [:]
    /// Sent numbers in the order the server's history holds them (the final walk).
    private var serverOrder: [Int]?
    private var connected = false
    private var offlineSince: Double?
    private var reconnectedAt: Double?
    private(set) var reconnects = 0
    private(set) var outages: [Double] = []
    private var recoveries: [Double] = []

    init(verification: Verification) {
        self.verification = verification
    }

    /// A numbered message went into the outbox.
    mutating func sent(_ number: Int, clientID: String, at now: Double) {
        sent.append(Sent(number: number, clientID: clientID, at: now))
        numbers[clientID] = number
    }

    /// One event of the session; returns the lines worth reporting as NDJSON.
    mutating func handle(_ event: ConversationEvent, now: Double) -> [SoakEvent] {
        switch event {
        case .state(let state):
            return changed(to: state, now: now)
        case .messages(let messages):
            return messages.compactMap { $0.clientMessageID.flatMap { confirm($0, now: now) } }
        case .outbox(let entries):
            var events: [SoakEvent] = []
            for entry in entries {
                guard let number = numbers[entry.id] else { continue }
                queued.insert(number)
                switch entry.state {
                case .pending: continue
                case .failed(let reason):
                    if refused.updateValue(reason, forKey: number) == nil { events.append(.refused(number, reason: reason)) }
                case .unconfirmed:
                    if unconfirmed.insert(number).inserted { events.append(.unconfirmed(number)) }
                }
            }
            let waiting = Set(entries.map(\.id))
            for item in sent where queued.contains(item.number) && !waiting.contains(item.clientID)
                && refused[item.number] == nil && !unconfirmed.contains(item.number)
            {
                if let event = confirm(item.clientID, now: now) { events.append(event) }
            }
            return events
        case .recovered(let recovery):
            if let reconnectedAt { recoveries.append(max(now - reconnectedAt, 0)) }
            reconnectedAt = nil
            return [.recovered(recovery)]
        case .typing, .presence, .serverError, .unrecognized, .gap, .read, .joinRefused, .sentBefore:
            return []
        }
    }

    /// Messages from the server's history (any order, any overlap with earlier ones).
    mutating func found(_ messages: [Message]) {
        for message in messages {
            guard let clientID = message.clientMessageID, let number = numbers[clientID] else { continue }
            stored[number, default: []].insert(message.id)
        }
    }

    /// The complete history since the soak began, oldest first: fixes the server's order.
    mutating func finalHistory(_ messages: [Message]) {
        found(messages)
        var order: [Int] = []
        var placed = Set<Int>()
        for message in messages {
            guard let number = message.clientMessageID.flatMap({ numbers[$0] }), placed.insert(number).inserted else { continue }
            order.append(number)
        }
        serverOrder = order
    }

    /// True once every sent message has an answer (confirmed, refused or unconfirmed) and
    /// the last outage's recovery has been reported (it follows the last answer).
    var drained: Bool {
        reconnectedAt == nil
            && sent.allSatisfy { confirmed.contains($0.number) || refused[$0.number] != nil || unconfirmed.contains($0.number) }
    }

    /// The live line's numbers at `now`.
    func status(now: Double) -> SoakStatus {
        SoakStatus(
            sent: sent.count, confirmed: confirmed.count, pending: sent.count - confirmed.count - refused.count - unconfirmed.count,
            verified: verification == .history ? stored.count : nil, reconnects: reconnects,
            offline: offlineSince.map { max(now - $0, 0) }, longestOutage: (outages + [offlineSince.map { max(now - $0, 0) } ?? 0]).max() ?? 0)
    }

    /// The verdict. `historyComplete` is false when the final walk could not reach the start.
    func report(historyComplete: Bool, now: Double) -> SoakReport {
        var report = SoakReport(verification: verification, sent: sent.count, reconnects: reconnects)
        report.outages = outages + (offlineSince.map { [max(now - $0, 0)] } ?? [])
        report.recoveries = recoveries
        report.refused = sent.map(\.number).filter { refused[$0] != nil }
        report.unconfirmed = sent.map(\.number).filter { unconfirmed.contains($0) }
        let answered = Set(report.refused + report.unconfirmed)
        let waiting = sent.map(\.number).filter { !confirmed.contains($0) && !answered.contains($0) }
        switch verification {
        case .history:
            report.historyComplete = historyComplete
            report.storedOnce = sent.filter { stored[$0.number]?.count == 1 }.count
            report.duplicated = sent.compactMap { item in
                stored[item.number].flatMap { $0.count > 1 ? SoakReport.Duplicate(number: item.number, times: $0.count) : nil }
            }
            report.lost = sent.map(\.number).filter { (stored[$0] ?? []).isEmpty && confirmed.contains($0) }
            report.undelivered = waiting.filter { (stored[$0] ?? []).isEmpty }
            report.outOfOrder = Self.outOfOrder(serverOrder ?? [])
        case .acknowledgements:
            report.storedOnce = confirmed.count
            report.undelivered = waiting
        }
        return report
    }

    /// Numbers that the history holds after a higher one.
    static func outOfOrder(_ order: [Int]) -> [Int] {
        var highest = Int.min
        var late: [Int] = []
        for number in order {
            if number < highest { late.append(number) } else { highest = number }
        }
        return late
    }

    private mutating func confirm(_ clientID: String, now: Double) -> SoakEvent? {
        guard let number = numbers[clientID], refused[number] == nil, confirmed.insert(number).inserted else { return nil }
        unconfirmed.remove(number)
        let at = sent.first { $0.number == number }?.at ?? now
        return .confirmed(number, after: max(now - at, 0))
    }

    private mutating func changed(to state: ConnectionState, now: Double) -> [SoakEvent] {
        var events: [SoakEvent] = [.state(state)]
        if state == .connected {
            if let since = offlineSince {
                outages.append(max(now - since, 0))
                reconnects += 1
                reconnectedAt = now
                events.append(.outageEnded(seconds: max(now - since, 0)))
            }
            offlineSince = nil
            connected = true
        } else if connected {
            connected = false
            offlineSince = now
        }
        return events
    }
}

/// The numbers of the live status line.
struct SoakStatus: Sendable, Equatable {
    var sent: Int
    var confirmed: Int
    var pending: Int
    var verified: Int?
    var reconnects: Int
    var offline: Double?
    var longestOutage: Double

    /// "sent 120 · confirmed 118 · pending 2 · verified 115 · reconnects 3 · offline 4.2 s · longest 7.9 s"
    var line: String {
        var parts = ["sent \(sent)", "confirmed \(confirmed)", "pending \(pending)"]
        if let verified { parts.append("verified \(verified)") }
        parts.append("reconnects \(reconnects)")
        parts.append(offline.map { "OFFLINE \(SoakReport.seconds($0))" } ?? "online")
        parts.append("longest outage \(SoakReport.seconds(longestOutage))")
        return parts.joined(separator: " · ")
    }
}

/// What `soak -o ndjson` prints as it goes, besides the final report.
enum SoakEvent: Sendable, Equatable {
    case sent(Int, clientID: String)
    case confirmed(Int, after: Double)
    case refused(Int, reason: String)
    case unconfirmed(Int)
    case state(ConnectionState)
    case outageEnded(seconds: Double)
    case recovered(Recovery)
}
