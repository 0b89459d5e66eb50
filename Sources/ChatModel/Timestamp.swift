import Foundation

/// ISO-8601 timestamps as the servers write them.
///
/// Accepts `2025-11-18T14:01:02`, `...02.5`, `...02.123456`, with `Z`, `+00:00`, `-0300`
/// or no offset (FastAPI's naive `utcnow()`, read as UTC), and a space instead of `T`.
/// Always writes UTC with microseconds: `2025-11-18T14:01:02.123456Z`.
public enum Timestamp {
    /// Parses an ISO-8601 date-time, or returns nil.
    public static func parse(_ text: String) -> Date? {
        var s = Scanner(Array(text.utf8))
        guard let year = s.digits(4), s.expect(UInt8(ascii: "-")),
              let month = s.digits(2), s.expect(UInt8(ascii: "-")),
              let day = s.digits(2), s.expect(UInt8(ascii: "T"), or: UInt8(ascii: " ")),
              let hour = s.digits(2), s.expect(UInt8(ascii: ":")),
              let minute = s.digits(2), s.expect(UInt8(ascii: ":")),
              let second = s.digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if s.expect(UInt8(ascii: ".")) {
            var scale = 0.1
            var count = 0
            while let d = s.digit() {
                fraction += Double(d) * scale
                scale /= 10
                count += 1
            }
            guard count > 0 else { return nil }
        }
        var offsetSeconds = 0
        if s.expect(UInt8(ascii: "Z"), or: UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if let sign = s.sign() {
            guard let oh = s.digits(2) else { return nil }
            _ = s.expect(UInt8(ascii: ":"))
            guard let om = s.digits(2), oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        }
        guard s.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Formats a date as UTC ISO-8601 with microseconds.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(formattedLength)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The length of `format`'s text for the years 0 to 9999.
    public static let formattedLength = 27

    /// Appends `format(date)`'s UTF-8 to `bytes`, without a string of its own: a frame is
    /// dated for every message sent.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = Int(micros - seconds * 1_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        seconds -= Int64(days) * 86_400
        let (year, month, day) = civilFromDays(days)
        let hour = Int(seconds / 3600), minute = Int(seconds % 3600 / 60), second = Int(seconds % 60)
        appendDigits(year, width: 4, then: "-", to: &bytes)
        appendDigits(month, width: 2, then: "-", to: &bytes)
        appendDigits(day, width: 2, then: "T", to: &bytes)
        appendDigits(hour, width: 2, then: ":", to: &bytes)
        appendDigits(minute, width: 2, then: ":", to: &bytes)
        appendDigits(second, width: 2, then: ".", to: &bytes)
        appendDigits(fraction, width: 6, then: "Z", to: &bytes)
    }

    /// `value` in decimal, zero-padded to `width` digits (a minus sign first when negative),
    /// then `separator`.
    private static func appendDigits(_ value: Int, width: Int, then separator: Unicode.Scalar, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 0
        var divisor: UInt = 1
        while magnitude / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        for _ in (digits + 1)..<max(width, digits + 1) { bytes.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
        bytes.append(UInt8(ascii: separator))
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func digit() -> Int? {
            guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - 48)
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let d = digit() else { return nil }
                value = value * 10 + d
            }
            return value
        }

        mutating func expect(_ byte: UInt8, or other: UInt8? = nil) -> Bool {
            guard index < bytes.count, bytes[index] == byte || bytes[index] == other else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int? {
            if expect(UInt8(ascii: "+")) { return 1 }
            if expect(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
