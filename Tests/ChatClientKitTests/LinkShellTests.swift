import ChatClientKit
import Foundation
import GRDB
import Synchronization
import Testing
import TestSupport

/// The shell (`Link`, through `ChatClient` and `ConversationSession`) driven without sockets
/// or sleeps: a scripted transport plays the server, a manual clock is the only time.
@Suite(.live, .timeLimit(.minutes(5)))
struct LinkShellTests {
    static let conversation = ConversationID(UUID(uuidString: "7f3a2b1c-0000-4000-8000-000000000001")!)

    /// A client on a scripted transport, a manual clock and an in-memory history.
    struct Rig {
        let clock = ManualChatClock(now: 100)
        let transport = ScriptedTransport()
        let history = InMemoryHistory()
        let client: ChatClient
        let directory: URL

        init(dialect: any Dialect = ConversationsDialect()) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("link-shell-\(UUID())")
            let settings = ClientSettings(server: try ServerAddress("127.0.0.1:1"), dialect: dialect, token: try BearerToken("a.b.c"))
            client = try ChatClient(
                settings: settings, outboxPath: directory.appendingPathComponent("outbox.sqlite").path, clock: clock,
                transport: transport, service: history)
        }

        /// Opens the conversation, connects its socket and waits for the catch-up.
        func openCaughtUp() async throws -> (SessionWatcher, ScriptedSocket) {
            let watcher = SessionWatcher(try await client.open(LinkShellTests.conversation))
            let socket = try await transport.nextSocket()
            socket.open()
            socket.send(LinkShellTests.connected)
            try await watcher.waitConnected()
            try await eventually("the catch-up through history") { history.requests == [LinkShellTests.conversation] }
            return (watcher, socket)
        }

        func shutdown() async {
            await client.shutdown()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let connected = #"{"type":"connected","payload":{"conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","user_id":"agent-1"}}"#

    static func echo(clientID: String, content: String, id: String = UUID().uuidString.lowercased()) -> String {
        """
        {"type":"new_message","payload":{"id":"\(id)","conversation_id":"\(conversation)","sender":"admin","type":"text",\
        "content":"\(content)","metadata":{"client_message_id":"\(clientID)"},"timestamp":"2025-11-18T14:00:00Z"}}
        """
    }

    /// The client id of a `send_message` frame.
    static func clientID(of frame: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any])
        let payload = try #require(object["payload"] as? [String: Any])
        return try #require((payload["metadata"] as? [String: Any])?["client_message_id"] as? String)
    }

    @Test func handshakeThenAMessageConfirmedByItsEcho() async throws {
        let rig = try Rig()
        let watcher = SessionWatcher(try await rig.client.open(Self.conversation))
        let socket = try await rig.transport.nextSocket()
        #expect(socket.url == "ws://127.0.0.1:1/ws/\(Self.conversation)?token=a.b.c")
        socket.open()
        socket.send(Self.connected)
        try await watcher.waitConnected()
        try await eventually("the catch-up through history") { rig.history.requests == [Self.conversation] }

        let entry = try await watcher.send("hello")
        let frame = try await socket.nextText()
        #expect(frame.contains(#""content":"hello""#))
        #expect(try Self.clientID(of: frame) == entry.id)
        socket.send(Self.echo(clientID: entry.id, content: "hello"))
        try await watcher.waitDelivered()
        let stored = try #require(try rig.client.outbox.entries().first)
        #expect(stored.id == entry.id, "the confirmation waits for a transaction to share")
        #expect(stored.attempts == 1 && stored.firstAttemptAt != nil, "stored with its first attempt")
        rig.clock.advance(by: ConnectionPolicy().heartbeatInterval)
        try await eventually("the confirmation on disk at the link's next timer") { (try? rig.client.outbox.pendingCount()) == 0 }
        await watcher.session.close()
        #expect(try await socket.nextWritten() == .close(code: 1000, reason: "client closed"))
        await rig.shutdown()
    }

    /// A session opened with a handler gets the same events there, in order, and none on
    /// its stream.
    @Test func aSessionOpenedWithAHandlerGetsItsEventsThere() async throws {
        let rig = try Rig()
        let heard = Mailbox<ConversationEvent>()
        let session = try await rig.client.open(Self.conversation) { heard.push($0) }
        for await event in session.events { Issue.record("\(event) on the stream of a handler's session") }
        let socket = try await rig.transport.nextSocket()
        socket.open()
        socket.send(Self.connected)
        try await heard.next("connected") { $0 == .state(.connected) }

        let entry = try await session.send("hello")
        #expect(try Self.clientID(of: try await socket.nextText()) == entry.id)
        socket.send(Self.echo(clientID: entry.id, content: "hello"))
        try await heard.next("the echo") { event in
            if case .messages(let messages) = event { messages.contains { $0.clientMessageID == entry.id } } else { false }
        }
        try await heard.next("the outbox emptied") { $0 == .outbox([]) }
        await session.close()
        await rig.shutdown()
    }

    /// A confirmation the server's history could show again is written with the next
    /// message, in one transaction, and on closing at the latest.
    @Test func aConfirmationSharesTheNextMessagesTransaction() async throws {
        let rig = try Rig()
        let (watcher, socket) = try await rig.openCaughtUp()
        let first = try await watcher.send("first")
        _ = try await socket.nextText()
        socket.send(Self.echo(clientID: first.id, content: "first"))
        try await watcher.waitDelivered()
        #expect(try rig.client.outbox.entries().map(\.content) == ["first"], "not written yet")

        let second = try await watcher.send("second")
        #expect(try rig.client.outbox.entries().map(\.content) == ["second"], "written with the second message")
        _ = try await socket.nextText()
        socket.send(Self.echo(clientID: second.id, content: "second"))
        try await watcher.waitDelivered()
        await watcher.session.close()
        #expect(try rig.client.outbox.pendingCount() == 0, "written on closing")
        await rig.shutdown()
    }

    /// The outbox's intake cannot reserve space for its first write (its descriptor points at
    /// /dev/full for a while): `send` throws, that message is never written, and once the
    /// file takes writes again the next one goes in its place.
    @Test func aMessageTheOutboxCannotStoreIsNeitherSentNorKept() async throws {
        let rig = try Rig()
        let (watcher, socket) = try await rig.openCaughtUp()
        try await DiskFull.during(writesTo: rig.directory.appendingPathComponent("outbox.sqlite.intake-0").path) {
            await #expect {
                try await watcher.session.send("refused")
            } throws: { error in
                guard case .storage(let reason) = error as? ChatError else { return false }
                return reason.contains("cannot reserve space in the outbox intake")
            }
        }
        let entry = try await watcher.send("stored")
        let frame = try await socket.nextText()
        #expect(frame.contains(#""content":"stored""#), "the refused message was never written")
        #expect(try rig.client.outbox.entries().map(\.content) == ["stored"])
        socket.send(Self.echo(clientID: entry.id, content: "stored"))
        try await watcher.waitDelivered()
        #expect(!watcher.outbox.contains { $0.content == "refused" })
        await rig.shutdown()
    }

    /// The outbox's database refuses to commit (a trigger, as a broken file would): the
    /// message is safe in the intake and goes out; reads report the refusal, and the
    /// message reaches the database once it takes commits again.
    @Test func aDatabaseThatRefusesCommitsLosesNothing() async throws {
        let rig = try Rig()
        let (watcher, socket) = try await rig.openCaughtUp()
        let file = try DatabaseQueue(path: rig.directory.appendingPathComponent("outbox.sqlite").path)
        try await file.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON outbox
                BEGIN SELECT RAISE(ABORT, 'the file is broken'); END
                """)
        }
        let entry = try await watcher.send("kept")
        #expect(try await socket.nextText().contains(#""content":"kept""#))
        #expect { try rig.client.outbox.entries() } throws: { "\($0)".contains("the file is broken") }

        try await file.write { try $0.execute(sql: "DROP TRIGGER refuse") }
        #expect(try rig.client.outbox.entries().map(\.id) == [entry.id])
        socket.send(Self.echo(clientID: entry.id, content: "kept"))
        try await watcher.waitDelivered()
        await watcher.session.close()
        #expect(try rig.client.outbox.pendingCount() == 0)
        await rig.shutdown()
    }

    @Test func anOverdueAcknowledgementReconnectsAndHistoryConfirmsWithoutResending() async throws {
        let rig = try Rig()
        let watcher = SessionWatcher(try await rig.client.open(Self.conversation))
        let first = try await rig.transport.nextSocket()
        first.open()
        first.send(Self.connected)
        try await watcher.waitConnected()
        let entry = try await watcher.send("did it arrive?")
        _ = try await first.nextText()

        rig.clock.advance(by: 15)
        try await watcher.wait("the link to give up on the socket") { $0.state.isReconnecting }
        #expect(try await first.nextWritten() == .close(code: 1000, reason: "client closed"))
        rig.history.store(Message(
            id: MessageID(UUID()), conversationID: Self.conversation, sender: .admin, content: "did it arrive?",
            metadata: entry.metadata, timestamp: Date(), createdAt: Date()))
        rig.clock.advance(by: 1)
        let second = try await rig.transport.nextSocket()
        second.open()
        second.send(Self.connected)
        try await watcher.waitDelivered([entry.id])
        #expect(watcher.outbox.isEmpty)

        let next = try await watcher.send("and this one")
        let frame = try await second.nextText()
        #expect(try Self.clientID(of: frame) == next.id, "the first message was not sent again")
        await watcher.session.close()
        await rig.shutdown()
    }

    @Test func aPerUserSocketAnswersPingsAndRestoresMembershipAfterAReconnect() async throws {
        let rig = try Rig(dialect: LineDialect())
        let one = SessionWatcher(try await rig.client.open("room-1"))
        let two = SessionWatcher(try await rig.client.open("room-2"))
        let socket = try await rig.transport.nextSocket()
        #expect(socket.url == "ws://127.0.0.1:1/lines?token=a.b.c")
        socket.open()
        socket.send("hello agent-1")
        #expect(Set([try await socket.nextText(), try await socket.nextText()]) == ["join room-1", "join room-2"])
        socket.send("ping")
        #expect(try await socket.nextText() == "pong")
        socket.send("joined room-1")
        try await one.waitConnected()
        let first = try await one.send("first")
        #expect(try await socket.nextText() == "send room-1 \(first.id) first", "sent once room-1 caught up")
        #expect(rig.history.requests == ["room-1"], "room-2 is not joined yet")

        socket.close(code: 1011, reason: "restarting")
        try await one.wait("the socket to be lost") { $0.state.isReconnecting }
        rig.clock.advance(by: 1)
        let again = try await rig.transport.nextSocket()
        again.open()
        again.send("hello agent-1")
        #expect(Set([try await again.nextText(), try await again.nextText()]) == ["join room-1", "join room-2"])
        again.send("joined room-2")
        let entry = try await two.send("back")
        #expect(try await again.nextText() == "send room-2 \(entry.id) back")
        await one.session.close()
        await two.session.close()
        await rig.shutdown()
    }
}

/// History for the shell tests: what the "server" stored, served oldest first, and which
/// conversations were asked for.
final class InMemoryHistory: ConversationService {
    private struct State {
        var messages: [Message] = []
        var requests: [ConversationID] = []
    }

    private let state = Mutex(State())

    func store(_ message: Message) {
        state.withLock { $0.messages.append(message) }
    }

    var requests: [ConversationID] { state.withLock { $0.requests } }

    func messages(conversationID: ConversationID, limit: Int, before: HistoryAnchor?) async throws(ChatError) -> [Message] {
        state.withLock { state in
            state.requests.append(conversationID)
            var messages = state.messages.filter { $0.conversationID == conversationID }
            if let before, let index = messages.firstIndex(where: { $0.id == before.id }) { messages = Array(messages[..<index]) }
            return Array(messages.suffix(limit))
        }
    }

    func markConversationRead(_ id: ConversationID) async throws(ChatError) -> Conversation? {
        nil
    }

    func diagnoseRefusedUpgrade(of id: ConversationID) async -> ConnectFailure {
        .transient("refused")
    }
}
