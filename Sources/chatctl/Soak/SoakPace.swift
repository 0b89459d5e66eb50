import Foundation

/// `--rate` and `--duration` of `soak`: "5/s", "30/min", "2" (per second); "90s", "10m",
/// "1h30m", "45" (seconds).
enum SoakPace {
    /// Messages per second from "N/s", "N/m", "N/min", "N/h" or a bare number.
    static func rate(_ text: String) -> Double? {
        let parts = text.lowercased().split(separator: "/", maxSplits: 1).map(String.init)
        guard let count = Double(parts[0]), count.isFinite, count > 0 else { return nil }
        let per: Double? = switch parts.count == 2 ? parts[1] : "s" {
        case "s", "sec", "second": 1
        case "m", "min", "minute": 60
        case "h", "hour": 3600
        default: nil
        }
        guard let per else { return nil }
        let rate = count / per
        return rate <= 1000 ? rate : nil
    }

    /// Seconds from "1h30m15s"-style text or a bare number of seconds.
    static func duration(_ text: String) -> Double? {
        if let seconds = Double(text) { return seconds.isFinite && seconds > 0 ? seconds : nil }
        var total = 0.0
        var digits = ""
        for character in text.lowercased() {
            if character.isNumber || character == "." {
                digits.append(character)
                continue
            }
            let unit: Double? = switch character {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            default: nil
            }
            guard let unit, let value = Double(digits) else { return nil }
            total += value * unit
            digits = ""
        }
        return digits.isEmpty && total > 0 && total.isFinite ? total : nil
    }
}
