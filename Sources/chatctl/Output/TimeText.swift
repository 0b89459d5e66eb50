import ChatModel
import Foundation

/// Times as people read them (local, to the second) and as programs read them (ISO-8601 UTC).
enum TimeText {
    /// `2025-11-18 14:01:02` in `timeZone`.
    static func local(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// `2025-11-18T14:01:02.123456Z`, the wire format.
    static func iso(_ date: Date) -> String {
        Timestamp.format(date)
    }
}
