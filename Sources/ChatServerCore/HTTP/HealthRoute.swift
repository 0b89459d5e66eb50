import Foundation
import Hummingbird

/// `GET /health` (no auth): liveness plus a few numbers for monitoring. 503 (`unavailable`)
/// while the database cannot be reached or, in a cluster, while this instance's listener is
/// disconnected, so that a load balancer sends clients to another instance.
struct HealthRoute {
    struct Report: Encodable {
        let status: String
        let uptimeSeconds: Double
        let connections: Int
        let conversations: Int
        let messages: Int

        enum CodingKeys: String, CodingKey {
            case status, connections, conversations, messages
            case uptimeSeconds = "uptime_seconds"
        }
    }

    let service: ChatService
    let startedAt: ContinuousClock.Instant

    func register(on router: Router<APIRequestContext>) {
        router.get("health") { _, _ in
            let counts = try await service.store.counts()
            let uptime = startedAt.duration(to: .now)
            let live = service.relay.isLive
            return JSONResponse.make(
                Report(
                    status: live ? "ok" : "unavailable",
                    uptimeSeconds: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18,
                    connections: service.hub.connectionCount, conversations: counts.conversations,
                    messages: counts.messages),
                status: live ? .ok : .serviceUnavailable)
        }
    }
}
