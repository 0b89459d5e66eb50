import Foundation
import Hummingbird

/// `GET /health` (no auth): liveness plus a few numbers for monitoring.
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
            return JSONResponse.make(
                Report(
                    status: "ok",
                    uptimeSeconds: Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18,
                    connections: service.hub.connectionCount, conversations: counts.conversations,
                    messages: counts.messages))
        }
    }
}
