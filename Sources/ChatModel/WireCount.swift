/// Counts from the wire (unread counts, totals, page numbers) are untrusted: they are
/// clamped into `0...max` where they are decoded, and added with `sum`, so no arithmetic
/// on them can overflow.
public enum WireCount {
    /// The largest count kept; anything above reads as this.
    public static let max = 1_000_000_000

    /// `value` clamped into `lower...max`.
    public static func clamp(_ value: Int, lower: Int = 0) -> Int {
        Swift.min(Swift.max(value, lower), max)
    }

    /// `a + b`, saturating at `0...max`.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        if overflow { return b > 0 ? max : 0 }
        return clamp(total)
    }
}
