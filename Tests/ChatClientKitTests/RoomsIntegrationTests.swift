import ChatClientKit
import Foundation
import Testing
import TestSupport

/// ChatClientKit on the `rooms` dialect against the real `chat-server`'s `/ws/chat`, through
/// the fault proxy: assignment, acknowledgements, heartbeats, dead networks, lost acks,
/// refused joins and refused identities. Every wait has a deadline; nothing sleeps.
@Suite(.live, .timeLimit(.minutes(5)))
struct RoomsIntegrationTests {
    /// A heartbeat every second and a connection dead after 6 s without an answer; WebSocket
    /// pings every 5 s (a pong may take 10 s). Short enough for the blackhole test, long
    /// enough that a loaded CI machine (the whole suite, a dozen servers and PostgreSQL on two
    /// cores) does not make a slow answer look dead: on rooms a spurious drop with a message
    /// in flight makes it unconfirmed (rightly), which these tests would read as a failure.
    static let policy: ConnectionPolicy = {
        var policy = SessionIntegrationTests.policy
        policy.heartbeatInterval = 1
        policy.idleTimeout = 6
        policy.pingInterval = 5
        return policy
    }()

    /// A server, a proxy in front of it, and an agent's client talking rooms through the proxy.
    struct Rig {
        let server: ChatServerProcess
        let proxy: FaultProxy
        let client: ChatClient
        let admin: ChatAPI
        let notices = Mailbox<UserEvent>()

        /// `token` makes the agent's token (by default one naming `user`, signed by this server).
        static func start(
            _ options: ServerOptions = .init(), user: String = "agent_1", role: String = "atendente",
            token: (ChatServerProcess) throws -> String = { try $0.token(sub: "agent_1", role: "agent") }
        ) async throws -> Rig {
            let server = try await ChatServerProcess.start(options)
            let proxy = try await FaultProxy.start(upstreamPort: server.port)
            let settings = ClientSettings(
                server: try ServerAddress("127.0.0.1:\(proxy.port)"), dialect: RoomsDialect(),
                token: try BearerToken(token(server)), user: user, role: role)
            let client = try ChatClient(
                settings: settings, policy: RoomsIntegrationTests.policy, outboxPath: server.directory + "/outbox.sqlite",
                historyPath: server.directory + "/history.sqlite")
            let admin = try ChatAPI(settings: ClientSettings(server: try ServerAddress(server.baseURL), token: try BearerToken(server.token())))
            let rig = Rig(server: server, proxy: proxy, client: client, admin: admin)
            let notices = rig.notices
            Task { for await event in client.events { notices.push(event) } }
            return rig
        }

        func room() async throws -> ConversationID {
            try await admin.createConversation(ConversationDraft(clientID: UUID(), channel: .web)).id
        }

        /// A customer's socket in `room`.
        func customer(in room: ConversationID, user: String = "joao") async throws -> TestWebSocket {
            let socket = try await server.openRoomsSocket(user: user, role: "cliente")
            try await socket.joinRoom(room.rawValue)
            return socket
        }

        /// The contents the server stored in `room`, oldest first (straight from the server).
        func stored(_ room: ConversationID) async throws -> [String] {
            try await admin.messages(conversationID: room, limit: 100).map(\.content)
        }


        func shutdown() async {
            await client.shutdown()
            await admin.shutdown()
            try? await proxy.stop()
            await server.stop()
        }
    }

    @Test func anEscalationAssignsTheRoomAndTheAgentsMessageIsAcknowledged() async throws {
        let rig = try await Rig.start()
        let room = try await rig.room()
        await rig.client.connect()
        try await rig.notices.next("the agent's socket") { $0 == .connection(.connected) }
        let customer = try await rig.customer(in: room)
        customer.sendEvent("message", ["room_id": .string(room.rawValue), "content": "quero falar com um atendente", "type": "text"])
        try await rig.notices.next("the assignment") { $0 == .notice(.assigned(room, agent: "agent_1", clientName: "joao")) }

        let watcher = SessionWatcher(try await rig.client.open(room))
        try await watcher.waitConnected()
        try await watcher.send("Olá João, aqui é a Ana")
        try await watcher.waitDelivered()
        let seen = try await customer.waitForEvent("message")
        #expect(seen["content"]?.stringValue == "Olá João, aqui é a Ana")
        #expect(seen["sender_id"]?.stringValue == "agent_1")
        #expect(try await rig.stored(room).filter { $0 == "Olá João, aqui é a Ana" }.count == 1)
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func heartbeatsKeepTheAgentAvailableWhileASilentOneGoesAway() async throws {
        var options = ServerOptions()
        // Ten heartbeat periods: while the whole suite starts at once, this process's client
        // has been held for over 4 s, and the server let the agent go while it was only late.
        options.roomsHeartbeatTimeout = 10
        let rig = try await Rig.start(options)
        await rig.client.connect()
        try await rig.notices.next("the agent's socket") { $0 == .connection(.connected) }
        let silent = try await rig.server.openRoomsSocket(user: "silent", role: "atendente")
        var agents: [AgentSummary] = []
        try await eventually("the silent agent to be away") {
            agents = try await rig.admin.agents()
            return agents.first { $0.id == "silent" }?.status == "away"
        }
        #expect(agents.first { $0.id == "agent_1" }?.status == "available", "\(agents)")
        silent.close()
        await rig.shutdown()
    }

    @Test func aBlackholeIsDetectedAndTheRoomIsJoinedAgain() async throws {
        let rig = try await Rig.start()
        let room = try await rig.room()
        let watcher = SessionWatcher(try await rig.client.open(room))
        try await watcher.waitConnected()
        try await watcher.send("before")
        try await watcher.waitDelivered()
        rig.proxy.setMode(.blackhole)
        try await watcher.wait("the dead network to be noticed") { $0.state != .connected }
        try await watcher.send("during")
        rig.proxy.setMode(.pass)
        try await watcher.waitDelivered()
        #expect(try await rig.stored(room) == ["before", "during"])
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aMessageWhoseAckIsLostIsUnconfirmedNeitherResentNorDropped() async throws {
        let rig = try await Rig.start()
        let room = try await rig.room()
        let watcher = SessionWatcher(try await rig.client.open(room))
        try await watcher.waitConnected()
        try await watcher.send("warm up")
        try await watcher.waitDelivered()

        rig.proxy.setMode(.dropReplies)
        let lost = try await watcher.send("did it arrive?")
        try await eventually("the server to store it") { try await rig.stored(room).count == 2 }
        rig.proxy.resetAll()
        rig.proxy.setMode(.pass)
        try await watcher.wait("the message to be unconfirmed") { $0.outbox.first { $0.id == lost.id }?.state == .unconfirmed }
        try await watcher.waitConnected()
        try await watcher.send("next")
        try await watcher.waitDelivered([try #require(watcher.sent.last)])
        #expect(try await rig.stored(room) == ["warm up", "did it arrive?", "next"], "stored once, not sent again")
        #expect(watcher.outbox.map(\.id) == [lost.id], "still in the outbox for the agent to decide")
        #expect(try rig.client.outbox.entries(conversationID: room).map(\.state) == [.unconfirmed], "and on disk")
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aServerThatRefusesJoinsIsWaitedOutUntilAnAssignment() async throws {
        var options = ServerOptions()
        options.roomsRejectJoin = true
        let rig = try await Rig.start(options)
        let room = try await rig.room()
        let watcher = SessionWatcher(try await rig.client.open(room))
        try await watcher.wait("the refusal") { !$0.joinRefusals.isEmpty }
        #expect(watcher.joinRefusals == ["the server refused to join (Invalid message format); waiting for an assignment"])
        try await watcher.send("waiting for the room")
        _ = try await rig.admin.assign(room, to: "agent_1")
        try await watcher.waitDelivered()
        #expect(try await rig.stored(room) == ["waiting for the room"])
        #expect(watcher.joinRefusals.count == 1, "said once")
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func anUnknownRoleIsFinal() async throws {
        let rig = try await Rig.start(role: "visitor")
        await rig.client.connect()
        try await rig.notices.next("the refusal") { $0 == .connection(.closed(.roleRefused("Invalid role"))) }
        await rig.shutdown()
    }

    @Test(arguments: [("Invalid token", false), ("Token mismatch", true)])
    func aRefusedTokenIsFinal(_ reason: String, signedHere: Bool) async throws {
        let rig = try await Rig.start {
            signedHere
                ? try $0.token(sub: "someone_else")
                : "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudF8xIn0.bm90LXRoZS1zaWduYXR1cmU"
        }
        await rig.client.connect()
        try await rig.notices.next("the refusal: \(reason)") { $0 == .connection(.authFailed(reason: reason)) }
        await rig.shutdown()
    }
}
