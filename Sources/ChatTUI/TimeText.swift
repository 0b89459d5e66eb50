import Foundation

/// Dates as the screen shows them, in English and in the given time zone, without
/// formatters (pure and cheap enough to run for every row of every frame).
public struct TimeText: Sendable {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private let calendar: Calendar

    public init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// "14:02".
    public func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return Self.twoDigits(parts.hour ?? 0) + ":" + Self.twoDigits(parts.minute ?? 0)
    }

    /// "Tue 18 Nov", with the year when it is not the year of `now`.
    public func day(_ date: Date, now: Date) -> String {
        let parts = calendar.dateComponents([.weekday, .day, .month, .year], from: date)
        var text = Self.weekdays[(parts.weekday ?? 1) - 1] + " \(parts.day ?? 1) " + Self.months[(parts.month ?? 1) - 1]
        if parts.year != calendar.component(.year, from: now) { text += " \(parts.year ?? 0)" }
        return text
    }

    /// At most 6 columns for the list: "14:02" today, "Tue" this week, "18 Nov" this year, else "2024".
    public func short(_ date: Date, now: Date) -> String {
        if calendar.isDate(date, inSameDayAs: now) { return clock(date) }
        let startOfToday = calendar.startOfDay(for: now)
        if date < startOfToday, let weekAgo = calendar.date(byAdding: .day, value: -6, to: startOfToday), date >= weekAgo {
            return Self.weekdays[calendar.component(.weekday, from: date) - 1]
        }
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        if parts.year == calendar.component(.year, from: now) {
            return "\(parts.day ?? 1) " + Self.months[(parts.month ?? 1) - 1]
        }
        return "\(parts.year ?? 0)"
    }

    /// Whether two dates fall on the same calendar day.
    public func sameDay(_ a: Date, _ b: Date) -> Bool {
        calendar.isDate(a, inSameDayAs: b)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
