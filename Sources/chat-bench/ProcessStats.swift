import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What /proc and getrlimit say about a process.
enum ProcessStats {
    /// Resident set size in bytes (VmRSS), or nil if unreadable.
    static func residentBytes(pid: Int32? = nil) -> Int? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// Raises the soft open-files limit to the hard limit; returns the new soft limit.
    /// Child processes (the server) inherit it.
    @discardableResult
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(limit.rlim_cur)
    }

    /// CPU count and total memory, for the report's machine line.
    static var machine: Machine {
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKiB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        return Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount, memoryGiB: Double(totalKiB) / 1_048_576,
            cpu: model ?? "unknown")
    }

    struct Machine: Codable, Sendable {
        let cores: Int
        let memoryGiB: Double
        let cpu: String

        enum CodingKeys: String, CodingKey {
            case cores, cpu
            case memoryGiB = "memory_gib"
        }
    }
}
