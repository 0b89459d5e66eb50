/// Percentiles of a set of samples (milliseconds, bytes, ...), nearest-rank.
struct Distribution: Codable, Sendable {
    let count: Int
    let p50: Double
    let p99: Double
    let p999: Double
    let max: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func rank(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(0.50)
        p99 = rank(0.99)
        p999 = rank(0.999)
        max = sorted.last ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case count, p50, p99, max
        case p999 = "p99_9"
    }
}

/// Monotonic seconds since an arbitrary origin, for measuring intervals.
enum Stopwatch {
    private static let origin = ContinuousClock.now

    static var now: Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
