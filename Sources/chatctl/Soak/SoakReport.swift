import Foundation

/// The end of a `soak` run: what became of every numbered message, and the outages.
struct SoakReport: Sendable, Equatable {
    struct Duplicate: Sendable, Equatable {
        let number: Int
        let times: Int
    }

    let verification: SoakLedger.Verification
    let sent: Int
    let reconnects: Int
    var storedOnce = 0
    /// Confirmed to the client, yet not in the server's history.
    var lost: [Int] = []
    /// Still waiting in the outbox when soak stopped waiting (the drain timed out or was
    /// interrupted): never confirmed, and not stored.
    var undelivered: [Int] = []
    var duplicated: [Duplicate] = []
    var outOfOrder: [Int] = []
    /// Sent, acknowledgement lost, and no history to check.
    var unconfirmed: [Int] = []
    /// The server refused them (e.g. the conversation was closed).
    var refused: [Int] = []
    var outages: [Double] = []
    /// Seconds from each reconnect to the conversation's recovery (caught up, outbox answered).
    var recoveries: [Double] = []
    /// False when the final history walk could not reach the start of the run.
    var historyComplete = true
    /// Set when sending stopped early (Ctrl-C) or the drain ran out of time.
    var note: String?

    /// True when every message is accounted for: stored once, in order.
    var passed: Bool {
        lost.isEmpty && undelivered.isEmpty && duplicated.isEmpty && outOfOrder.isEmpty && unconfirmed.isEmpty && refused.isEmpty
            && historyComplete
    }

    /// The one-line verdict.
    var verdict: String {
        if passed {
            return verification == .history
                ? "PASS: every message stored exactly once, in order"
                : "PASS: every message acknowledged once (this server keeps no history to check duplicates or order)"
        }
        var problems: [String] = []
        if !lost.isEmpty { problems.append("\(lost.count) lost (\(Self.list(lost)))") }
        if !undelivered.isEmpty {
            problems.append("\(undelivered.count) still in the outbox when soak stopped waiting (\(Self.list(undelivered)))")
        }
        if !duplicated.isEmpty {
            problems.append("\(duplicated.count) duplicated (\(Self.list(duplicated.map(\.number)) { number in "#\(number) ×\(duplicated.first { $0.number == number }!.times)" }))")
        }
        if !outOfOrder.isEmpty { problems.append("\(outOfOrder.count) out of order (\(Self.list(outOfOrder)))") }
        if !unconfirmed.isEmpty { problems.append("\(unconfirmed.count) unconfirmed, fate unknown (\(Self.list(unconfirmed)))") }
        if !refused.isEmpty { problems.append("\(refused.count) refused by the server (\(Self.list(refused)))") }
        if !historyComplete { problems.append("the server's history could not be read back to the start of the run") }
        return "FAIL: " + problems.joined(separator: "; ")
    }

    /// The report as aligned lines for people.
    var text: String {
        var rows: [(String, String)] = [
            ("sent", "\(sent)"),
            (verification == .history ? "stored exactly once" : "acknowledged", "\(storedOnce)"),
            ("lost", "\(lost.count)"),
            ("undelivered", "\(undelivered.count)"),
            ("duplicated", verification == .history ? "\(duplicated.count)" : "not verifiable (no server history)"),
            ("out of order", verification == .history ? "\(outOfOrder.count)" : "not verifiable (no server history)"),
            ("unconfirmed", "\(unconfirmed.count)"),
            ("refused", "\(refused.count)"),
            ("reconnects", "\(reconnects)"),
            ("outages", outages.isEmpty ? "none" : "\(outages.count), longest \(Self.seconds(outages.max()!)), total \(Self.seconds(outages.reduce(0, +)))"),
        ]
        if !recoveries.isEmpty {
            rows.append(("recovery after outage", "p50 \(Self.seconds(Self.median(recoveries))) · max \(Self.seconds(recoveries.max()!))"))
        }
        if let note { rows.append(("note", note)) }
        rows.append(("result", verdict))
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// "0.4 s", "12.3 s", "3 min 5 s".
    static func seconds(_ value: Double) -> String {
        let value = value.isFinite ? max(value, 0) : 0
        if value < 60 { return String(format: "%.1f s", value) }
        let whole = Int(min(value, 1e9).rounded())
        return whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// "#3, #4, #9" — the first ten, then "and N more".
    private static func list(_ numbers: [Int], _ name: (Int) -> String = { "#\($0)" }) -> String {
        let shown = numbers.prefix(10).map(name).joined(separator: ", ")
        return numbers.count > 10 ? "\(shown) and \(numbers.count - 10) more" : shown
    }
}

extension SoakReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case event, verification, sent, reconnects, lost, undelivered, duplicated, unconfirmed, refused, outages, passed, verdict, note
        case storedOnce = "stored_once"
        case outOfOrder = "out_of_order"
        case recoveryP50 = "recovery_p50_seconds"
        case recoveryMax = "recovery_max_seconds"
        case historyComplete = "history_complete"
    }

    enum DuplicateKeys: String, CodingKey {
        case number, times
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("report", forKey: .event)
        try c.encode(verification.rawValue, forKey: .verification)
        try c.encode(sent, forKey: .sent)
        try c.encode(storedOnce, forKey: .storedOnce)
        try c.encode(lost, forKey: .lost)
        try c.encode(undelivered, forKey: .undelivered)
        var duplicates = c.nestedUnkeyedContainer(forKey: .duplicated)
        for duplicate in duplicated {
            var item = duplicates.nestedContainer(keyedBy: DuplicateKeys.self)
            try item.encode(duplicate.number, forKey: .number)
            try item.encode(duplicate.times, forKey: .times)
        }
        try c.encode(outOfOrder, forKey: .outOfOrder)
        try c.encode(unconfirmed, forKey: .unconfirmed)
        try c.encode(refused, forKey: .refused)
        try c.encode(reconnects, forKey: .reconnects)
        try c.encode(outages.map { ($0 * 1000).rounded() / 1000 }, forKey: .outages)
        try c.encodeIfPresent(recoveries.isEmpty ? nil : (Self.median(recoveries) * 1000).rounded() / 1000, forKey: .recoveryP50)
        try c.encodeIfPresent(recoveries.max().map { ($0 * 1000).rounded() / 1000 }, forKey: .recoveryMax)
        try c.encode(historyComplete, forKey: .historyComplete)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encode(passed, forKey: .passed)
        try c.encode(verdict, forKey: .verdict)
    }
}
