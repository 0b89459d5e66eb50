import ChatClientKit
import Foundation
import Testing
import TestSupport

/// REST and WebSocket over TLS, through a TLS-terminating proxy in front of chat-server that
/// presents a `localhost` certificate from a private test CA.
@Suite(.live, .timeLimit(.minutes(5)))
struct TLSTests {
    struct Front {
        let server: ChatServerProcess
        let proxy: FaultProxy

        static func start() async throws -> Front {
            let server = try await ChatServerProcess.start()
            let proxy = try await FaultProxy.start(upstreamPort: server.port, tls: TLSFixtures.serverConfiguration())
            return Front(server: server, proxy: proxy)
        }

        func settings(host: String = "localhost", caFile: String?) throws -> ClientSettings {
            ClientSettings(
                server: try ServerAddress("https://\(host):\(proxy.port)"), token: try BearerToken(server.token()),
                caFile: caFile)
        }

        func stop() async {
            try? await proxy.stop()
            await server.stop()
        }
    }

    @Test func anUnknownCertificateAuthorityIsRefusedWithAHint() async throws {
        let front = try await Front.start()
        let api = try ChatAPI(settings: front.settings(caFile: nil))
        await #expect {
            try await api.conversations()
        } throws: { error in
            guard let error = error as? ChatError, case .network(let text) = error else { return false }
            return text.contains("TLS") && text.contains("--ca-file")
        }
        await api.shutdown()
        await front.stop()
    }

    @Test func theCAFileMakesRESTAndWebSocketWork() async throws {
        let front = try await Front.start()
        let settings = try front.settings(caFile: TLSFixtures.caFile)
        let client = try ChatClient(settings: settings, outboxPath: front.server.directory + "/tls-outbox.sqlite")
        let conversation = try await client.api.createConversation(ConversationDraft(clientID: UUID(), channel: .email))
        let watcher = SessionWatcher(try await client.open(conversation.id))
        try await watcher.waitConnected()
        try await watcher.send("over wss")
        try await watcher.waitDelivered()
        let stored = try await client.api.messages(conversationID: conversation.id)
        #expect(stored.map(\.content) == ["over wss"])
        await watcher.session.close()
        await client.shutdown()
        await front.stop()
    }

    @Test func aCertificateForAnotherHostIsRefusedEvenWithTheCA() async throws {
        let front = try await Front.start()
        let api = try ChatAPI(settings: front.settings(host: "127.0.0.1", caFile: TLSFixtures.caFile))
        await #expect(throws: ChatError.self) { try await api.conversations() }
        await api.shutdown()
        await front.stop()
    }

    @Test func anUnreadableCAFileIsAUsageError() throws {
        #expect(throws: ChatError.usage("cannot read the CA file /nonexistent.pem")) {
            _ = try ChatAPI(settings: ClientSettings(
                server: ServerAddress("https://localhost"), token: BearerToken("t"), caFile: "/nonexistent.pem"))
        }
    }
}
