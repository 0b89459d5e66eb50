import ChatModel
import Foundation
import Testing
import TestSupport

/// Two instances on one PostgreSQL database when something fails: an instance dies, or
/// PostgreSQL restarts while messages are being sent. Nothing acknowledged is lost, and the
/// sockets that stay up get every message exactly once.
@Suite(.live) struct ClusterFailoverTests {
    @Test func clientsOfAKilledInstanceMoveToTheOtherAndNothingIsLostOrDoubled() async throws {
        var options = ServerOptions(store: .postgres)
        options.messageRate = 100_000
        options.presenceTimeout = 0.5
        let pair = try await ClusterPair.start(options)
        let id = try await pair.first.http().newConversationID()
        let watcher = try await pair.second.connect(conversation: id, token: pair.second.token(sub: "watcher"))
        try await watcher.expectJoined(as: "watcher")
        let watched = FrameCollector(watcher)
        let stranded = try await pair.first.connect(conversation: id, token: pair.first.token(sub: "stranded"))
        try await stranded.expectJoined(as: "stranded")
        let sender = try await pair.first.connect(conversation: id)
        try await sender.expectJoined(as: "agent-1")

        let total = 60
        for index in 0..<total {
            sender.send(type: "send_message", payload: messagePayload("m \(index)", clientMessageID: "m-\(index)"))
        }
        _ = try await sender.nextMessageIDs(10)
        await pair.first.kill()

        // The client's outbox moves to the surviving instance and sends everything again.
        let moved = try await pair.second.connect(conversation: id)
        try await moved.expectJoined(as: "agent-1")
        for index in 0..<total {
            moved.send(type: "send_message", payload: messagePayload("m \(index)", clientMessageID: "m-\(index)"))
        }
        _ = try await moved.contentsUntilMarker("after the move")
        let history = try await pair.second.http().history(id)
        #expect(history.map(\.content) == (0..<total).map { "m \($0)" } + ["after the move"], "stored once each, in order")

        try await watched.wait(for: "the marker on the watcher") { $0.messageContents.last == "after the move" }
        let seen = await watched.frames.messageContents
        #expect(seen == history.map(\.content), "the watcher on the survivor got each message once: \(seen)")
        try await watched.wait(for: "the dead instance's user to go offline") { frames in
            frames.contains {
                $0["type"]?.stringValue == "presence_update" && $0["payload"]?["user_id"]?.stringValue == "stranded"
                    && $0["payload"]?["status"]?.stringValue == "offline"
            }
        }
        await pair.second.stop()
    }

    @Test func postgresRestartingUnderLoadLosesNothingAcknowledged() async throws {
        let database = try await PostgresCluster.start()
        var options = ServerOptions(store: .postgres)
        options.messageRate = 100_000
        options.extraArguments = ["--db-timeout", "1"]
        let pair = try await ClusterPair.start(options, on: database)
        let id = try await pair.first.http().newConversationID()
        let watcher = try await pair.second.connect(conversation: id)
        try await watcher.expectJoined(as: "agent-1")
        let watched = FrameCollector(watcher)

        let load = RestLoad(clients: [try pair.first.http(), try pair.second.http()], conversationID: id)
        let sending = Task { try await load.run(messages: 120) }
        try await load.waitForAcknowledged(20)
        try await database.stop()
        try await watched.wait(for: "the sockets to be told") { frames in
            frames.contains { $0["type"]?.stringValue == "error" && $0["payload"]?["error"]?.stringValue?.hasPrefix("Storage unavailable") == true }
        }
        let refused = try await pair.first.http().get("/api/conversations/\(id)")
        #expect(refused.status == 503)
        #expect(try refused.json()["detail"]?.stringValue == "Storage unavailable; try again shortly")
        let joining = try await pair.first.connect(conversation: id)
        #expect(try await joining.closeFrame().code == 1013, "a socket cannot join while the database is away")
        #expect(try await pair.second.http().get("/health").status == 503)
        try await database.restart()
        try await sending.value

        let acknowledged = await load.acknowledged
        let history = try await allMessages(pair.first.http(), id)
        let stored = Set(history.map(\.id.rawValue))
        #expect(acknowledged.count == 120)
        #expect(acknowledged.allSatisfy { stored.contains($0) }, "every acknowledged message is stored")
        #expect(history.count == 120, "and none twice")
        try await watched.wait(for: "every message on the watcher", timeout: .seconds(60)) { Set($0.messageIDs).count >= 120 }
        let delivered = await watched.frames.messageIDs
        #expect(Set(delivered) == Set(acknowledged), "the watcher got every message, the missed ones after the restart")
        #expect(delivered.count == Set(delivered).count, "and none twice")
        await pair.stop()
    }
}

/// REST senders that behave like a client outbox: each message keeps its client id and is
/// sent again until an instance acknowledges it (201, or 200 for a duplicate).
actor RestLoad {
    let clients: [TestHTTP]
    let conversationID: String
    /// Message ids acknowledged, in order.
    private(set) var acknowledged: [String] = []
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []

    init(clients: [TestHTTP], conversationID: String) {
        self.clients = clients
        self.conversationID = conversationID
    }

    /// Sends `messages` messages, alternating instances, each until acknowledged (60 s at most each).
    func run(messages: Int) async throws {
        for index in 0..<messages {
            let deadline = ContinuousClock.now + .seconds(60)
            var attempt = index
            while true {
                let client = clients[attempt % clients.count]
                attempt += 1
                if let response = try? await client.postMessage(conversationID, content: "load \(index)", clientMessageID: "load-\(index)"),
                   [200, 201].contains(response.status)
                {
                    acknowledge(try response.decode(Message.self).id.rawValue)
                    break
                }
                guard ContinuousClock.now < deadline else { throw DeadlineExceeded(what: "load \(index) acknowledged", timeout: .seconds(60)) }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Returns once `count` messages were acknowledged (30 s at most).
    func waitForAcknowledged(_ count: Int) async throws {
        try await withDeadline(.seconds(30), waitingFor: "\(count) acknowledged messages") {
            await self.suspendUntil(count)
        }
    }

    private func suspendUntil(_ count: Int) async {
        guard acknowledged.count < count else { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    private func acknowledge(_ id: String) {
        acknowledged.append(id)
        let ready = waiters.filter { $0.0 <= acknowledged.count }
        waiters.removeAll { $0.0 <= acknowledged.count }
        ready.forEach { $0.1.resume() }
    }
}
