import Foundation

/// The `Retry-After` header of a 429 or 503, read as untrusted input.
public enum RetryAfter {
    /// The wait in seconds, when the header holds a finite, non-negative number; nil for
    /// anything else (absent, an HTTP date, text, negative, NaN, infinite).
    public static func seconds(_ header: String?) -> Double? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), text.utf8.count <= 32,
              let seconds = Double(text), seconds.isFinite, seconds >= 0
        else { return nil }
        return seconds
    }
}

/// A wait as a person reads it ("45 s", "12 min", "3 h", "11 days"), for any finite or
/// infinite number of seconds, without trapping.
public enum WaitText {
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "forever" }
        let seconds = max(seconds, 0)
        if seconds < 120 { return "\(whole(seconds)) s" }
        if seconds < 7_200 { return "\(whole(seconds / 60)) min" }
        if seconds < 172_800 { return "\(whole(seconds / 3_600)) h" }
        if seconds < 3_153_600_000 { return "\(whole(seconds / 86_400)) days" }
        return "more than a century"
    }

    /// Rounded up, and small enough for `Int` by the callers' ranges.
    private static func whole(_ value: Double) -> Int {
        Int(value.rounded(.up))
    }
}
