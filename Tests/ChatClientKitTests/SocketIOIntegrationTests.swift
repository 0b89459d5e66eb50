import ChatClientKit
import Foundation
import Testing
import TestSupport

/// ChatClientKit on the `socketio` dialect against a real python-socketio server (the fixture
/// of Tests/SocketIOFixture, in a virtualenv under .build/), through the fault proxy: the
/// handshake and register, acks, deduplicated resends and replays, a lost ack settled by the
/// sync, a dead network detected from the server's own ping timing, refused tokens.
@Suite(.live, .timeLimit(.minutes(5)))
struct SocketIOIntegrationTests {
    /// The client's own idle deadline and WebSocket pings are far away, so that only the
    /// server's ping timing (pingInterval + pingTimeout) can notice a dead network in time.
    static let policy: ConnectionPolicy = {
        var policy = SessionIntegrationTests.policy
        policy.idleTimeout = 600
        policy.pingInterval = 600
        return policy
    }()

    /// A socketio server, a proxy in front of it, and an agent's client talking through the proxy.
    struct Rig {
        let server: SocketIOServer
        let proxy: FaultProxy
        let client: ChatClient
        let directory: String
        let notices = Mailbox<UserEvent>()

        static func start(
            _ options: SocketIOServer.Options = .init(), user: String = "alice",
            token: (SocketIOServer) async throws -> String = { try await $0.token(for: "alice") }
        ) async throws -> Rig {
            let server = try await SocketIOServer.start(options)
            let proxy = try await FaultProxy.start(upstreamPort: server.port)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("socketio-client-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let settings = ClientSettings(
                server: try ServerAddress("127.0.0.1:\(proxy.port)"), dialect: SocketIODialect(),
                token: try BearerToken(try await token(server)), user: user)
            let client = try ChatClient(
                settings: settings, policy: SocketIOIntegrationTests.policy, outboxPath: directory + "/outbox.sqlite")
            let rig = Rig(server: server, proxy: proxy, client: client, directory: directory)
            let notices = rig.notices
            Task { for await event in client.events { notices.push(event) } }
            return rig
        }

        /// A conversation and a watcher of it, connected and synced.
        func openConversation() async throws -> (ConversationID, SessionWatcher) {
            let id = ConversationID(try await server.createConversation())
            let watcher = SessionWatcher(try await client.open(id))
            try await watcher.waitConnected()
            return (id, watcher)
        }

        /// The contents the server stored, repeats included.
        func stored(_ id: ConversationID) async throws -> [String] {
            try await server.storedMessages(in: id.rawValue).compactMap { $0["content"]?.stringValue }
        }


        func shutdown() async {
            await client.shutdown()
            try? await proxy.stop()
            await server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func aCustomerWritesAndTheAgentsAnswerIsAcknowledgedAndStoredOnce() async throws {
        let rig = try await Rig.start()
        let (id, watcher) = try await rig.openConversation()
        try await rig.server.customerWrites("Oi, meu pedido não chegou", in: id.rawValue)
        try await watcher.wait("the customer's message") { $0.messages.contains { $0.content == "Oi, meu pedido não chegou" } }
        #expect(watcher.messages.first { $0.content == "Oi, meu pedido não chegou" }?.sender == .client)

        let entry = try await watcher.send("Olá Ana, vou verificar")
        try await watcher.waitDelivered()
        let rows = try await rig.server.storedMessages(in: id.rawValue)
        #expect(rows.filter { $0["client_message_id"]?.stringValue == entry.id }.count == 1)
        #expect(try await rig.stored(id) == ["Oi, meu pedido não chegou", "Olá Ana, vou verificar"])
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aConversationOpenedOnAConnectedSocketCatchesUpAndSends() async throws {
        let rig = try await Rig.start()
        await rig.client.connect()
        try await rig.notices.next("connected") { $0 == .connection(.connected) }
        let id = ConversationID(try await rig.server.createConversation())
        try await rig.server.customerWrites("are you there?", in: id.rawValue)
        let watcher = SessionWatcher(try await rig.client.open(id))
        try await watcher.wait("its history") { $0.messages.contains { $0.content == "are you there?" } }
        try await watcher.send("yes")
        try await watcher.waitDelivered()
        #expect(try await rig.stored(id) == ["are you there?", "yes"])
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func messagesStoredWhileOfflineArriveOnceThoughSyncAndReplayBothBringThem() async throws {
        let rig = try await Rig.start()
        let (id, watcher) = try await rig.openConversation()
        rig.proxy.setMode(.refuse)
        try await watcher.wait("the outage to be noticed") { $0.state != .connected }
        for index in 1...3 { try await rig.server.customerWrites("offline \(index)", in: id.rawValue) }
        rig.proxy.setMode(.pass)
        try await watcher.wait("the offline messages") { watcher in
            (1...3).allSatisfy { index in watcher.messages.contains { $0.content == "offline \(index)" } }
        }
        try await watcher.waitConnected()
        try await rig.server.customerWrites("after", in: id.rawValue)
        try await watcher.wait("a later message") { $0.messages.contains { $0.content == "after" } }
        let contents = watcher.messages.map(\.content)
        #expect(contents.filter { $0.hasPrefix("offline") } == ["offline 1", "offline 2", "offline 3"], "each once: \(contents)")
        #expect(try await rig.server.eventKinds().filter { $0 == "parked" }.count >= 3, "the server queued them for a replay too")
        try await eventually("every delivery to be acknowledged") {
            try await rig.server.http.get("/test/state").json()["pendingAcks"] == .object([:])
        }
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aMessageWhoseAckIsLostIsFoundByTheSyncAndStoredExactlyOnce() async throws {
        let rig = try await Rig.start()
        let (id, watcher) = try await rig.openConversation()
        try await rig.server.hook("/test/drop-acks", ["count": 1])
        let lost = try await watcher.send("did it arrive?")
        try await eventually("the server to store it") { try await rig.stored(id) == ["did it arrive?"] }
        #expect(try await rig.server.eventKinds().contains("ack_dropped"))
        rig.proxy.resetAll()
        try await watcher.waitDelivered([lost.id])
        try await watcher.send("next")
        try await watcher.waitDelivered()
        #expect(try await rig.stored(id) == ["did it arrive?", "next"], "stored once, not sent again")
        await watcher.session.close()
        #expect(try rig.client.outbox.entries(conversationID: id).isEmpty)
        await rig.shutdown()
    }

    @Test func messagesTypedDuringAnOutageAreDeliveredOnceWhenItEnds() async throws {
        let rig = try await Rig.start()
        let (id, watcher) = try await rig.openConversation()
        try await watcher.send("before")
        try await watcher.waitDelivered()
        rig.proxy.setMode(.refuse)
        try await watcher.wait("the outage to be noticed") { $0.state != .connected }
        for index in 1...3 { try await watcher.send("during \(index)") }
        rig.proxy.setMode(.pass)
        try await watcher.waitDelivered()
        #expect(try await rig.stored(id) == ["before", "during 1", "during 2", "during 3"])
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aBlackholeIsNoticedFromTheServersPingTiming() async throws {
        var options = SocketIOServer.Options()
        options.pingInterval = 1
        options.pingTimeout = 1
        let rig = try await Rig.start(options)
        let (id, watcher) = try await rig.openConversation()
        rig.proxy.setMode(.blackhole)
        try await watcher.wait("the dead network to be noticed", timeout: .seconds(30)) { $0.state != .connected }
        try await watcher.send("during")
        rig.proxy.setMode(.pass)
        try await watcher.waitDelivered()
        #expect(try await rig.stored(id) == ["during"])
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aConversationUpdateAndANotificationReachTheUser() async throws {
        let rig = try await Rig.start()
        await rig.client.connect()
        try await rig.notices.next("connected") { $0 == .connection(.connected) }
        let id = try await rig.server.createConversation(contact: "Bruno")
        try await rig.server.customerWrites("hello?", in: id)
        try await rig.notices.next("the conversation's update") { event in
            guard case .notice(.conversationUpdated(let conversation)) = event else { return false }
            return conversation.id.rawValue == id && conversation.unreadCount == 1 && conversation.summary == "Bruno"
        }
        try await rig.server.hook("/test/notify", ["userId": "alice", "title": "SLA", "message": "5 min left", "type": "warning"])
        try await rig.notices.next("the notification") { $0 == .notice(.notification(title: "SLA", message: "5 min left", level: "warning")) }
        await rig.shutdown()
    }

    @Test(arguments: [
        ("Authentication error: invalid signature", false),
        ("Authentication error: jwt expired", true),
    ])
    func aRefusedTokenIsFinal(_ reason: String, expired: Bool) async throws {
        let rig = try await Rig.start { server in
            expired
                ? try await server.token(for: "alice", expiresIn: -60)
                : "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.bm90LXRoZS1zaWduYXR1cmU"
        }
        await rig.client.connect()
        try await rig.notices.next("the refusal: \(reason)") { $0 == .connection(.authFailed(reason: reason)) }
        await rig.shutdown()
    }
}
