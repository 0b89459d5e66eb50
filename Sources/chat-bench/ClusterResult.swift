import Foundation

/// The cluster section: several chat-server instances on one PostgreSQL database.
struct ClusterResult: Codable, Sendable {
    let instances: Int
    /// Where the database was, without its password.
    let database: String
    /// The clients of each pair are on different instances: `receipt` crosses instances.
    let latency: LatencyBench.Result
    let throughput: [ThroughputBench.Result]

    /// `postgres://user@host:port/database`: the URL without its password.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "PostgreSQL" }
        components.password = nil
        return components.string ?? "PostgreSQL"
    }
}
