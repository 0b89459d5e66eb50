import ChatModel
import ChatServerCore
import Foundation
import Logging
import Testing
import TestSupport

/// The in-process API `chat-tui --demo` uses.
@Suite(.live) struct InProcessServerTests {
    @Test func startsOnAFreePortServesAndStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("in-process-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await ChatServer(configuration: ChatServerConfiguration(
            port: 0, databasePath: directory + "/chat.sqlite", secret: ServerSecret.random(), demo: DemoSettings(interval: .seconds(60)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        let port = try await server.start()
        #expect(port > 0)
        await #expect(throws: ChatServerError.self) { try await server.start() }

        let http = TestHTTP(baseURL: "http://127.0.0.1:\(port)", token: try server.tokens.mint(sub: "agent-1", ttl: 60))
        let page = try await http.get("/api/conversations").decode(Page<Conversation>.self)
        #expect(page.total >= 5, "demo conversations are seeded")
        let id = try #require(page.items.first { $0.status != .closed }?.id.uuidString)
        let socket = try await TestWebSocket.connect(
            "ws://127.0.0.1:\(port)/ws/\(id)?token=\(try server.tokens.mint(sub: "agent-1", ttl: 60))")
        try await socket.expectJoined(as: "agent-1")

        await server.stop()
        #expect(try await socket.closeFrame().code == 1000)
        try await server.waitUntilStopped()
        await #expect(throws: (any Error).self, "the port is closed") {
            try await TestWebSocket.connect("ws://127.0.0.1:\(port)/ws/\(id)", timeout: .seconds(10))
        }
    }
}
