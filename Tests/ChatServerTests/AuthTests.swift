import ChatModel
import ChatServerCore
import Foundation
import Testing
import TestSupport

@Suite(.live) struct AuthTests {
    @Test(arguments: ServerStore.allCases) func restRequiresAValidAdminBearerToken(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let anonymous = TestHTTP(baseURL: server.baseURL)

        let missing = try await anonymous.get("/api/conversations")
        #expect(missing.status == 401)
        #expect(try missing.json()["detail"]?.stringValue == "Not authenticated")
        #expect(missing.header("WWW-Authenticate") == "Bearer")

        let garbage = try await TestHTTP(baseURL: server.baseURL, token: "not.a.jwt").get("/api/conversations")
        #expect(garbage.status == 401)
        #expect(try garbage.json()["detail"]?.stringValue == "Invalid token")

        let basic = try await anonymous.send("GET", "/api/conversations", headers: ["Authorization": "Basic YTpi"])
        #expect(basic.status == 401)

        let expired = try await TestHTTP(baseURL: server.baseURL, token: server.token(ttl: -60)).get("/api/conversations")
        #expect(expired.status == 401)
        #expect(try expired.json()["detail"]?.stringValue == "Token has expired")

        let agent = try await TestHTTP(baseURL: server.baseURL, token: server.token(role: "agent")).get("/api/conversations")
        #expect(agent.status == 403)
        #expect(try agent.json()["detail"]?.stringValue == "Admin role required")

        let admin = try await server.http().get("/api/conversations")
        #expect(admin.status == 200)

        // No token needed. On PostgreSQL it answers 503 until the instance's listener is
        // connected, which may come after "listening" on a loaded machine.
        try await eventually("an unauthenticated /health to answer 200") {
            try await anonymous.get("/health").status == 200
        }
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func webSocketAcceptsThenClosesWith4001OnABadToken(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let conversationID = try await server.http().newConversationID()
        let badTokens = [
            "garbage", try server.token(ttl: -60), try server.token(role: "agent"),
            try await TokenAuthority(secret: ServerSecret.random()).mint(sub: "agent-1", ttl: 3600),
        ]
        for token in badTokens {
            let socket = try await TestWebSocket.connect(server.webSocketURL(conversation: conversationID, token: token))
            let close = try await socket.closeFrame()
            #expect(close.code == 4001)
            #expect(close.reason == "Unauthorized")
        }
        let noToken = try await TestWebSocket.connect("ws://127.0.0.1:\(server.port)/ws/\(conversationID)")
        #expect(try await noToken.closeFrame().code == 4001)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func webSocketClosesWith4004ForAnUnknownConversation(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        for id in [UUID().uuidString, "not-a-uuid"] {
            let socket = try await server.connect(conversation: id)
            let close = try await socket.closeFrame()
            #expect(close.code == 4004)
            #expect(close.reason == "Conversation not found")
        }
        await server.stop()
    }
}
