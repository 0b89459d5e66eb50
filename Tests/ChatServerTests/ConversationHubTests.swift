import ChatModel
import Foundation
import Logging
import Testing
import TestSupport

@testable import ChatServerCore

/// Typing and presence timers, driven by a manual clock: no test here waits on real time.
@Suite struct ConversationHubTests {
    /// One socket's frames, read with a deadline.
    final class Inbox: Sendable {
        let frames = Mailbox<String>()
        let continuation: AsyncStream<String>.Continuation
        private let pump: Task<Void, Never>

        init() {
            let (stream, continuation) = AsyncStream.makeStream(of: String.self)
            self.continuation = continuation
            let frames = self.frames
            pump = Task {
                for await frame in stream { frames.push(frame) }
            }
        }

        deinit {
            pump.cancel()
        }

        /// The next frame's type and `user_id`/`status` payload fields.
        func next() async throws -> String {
            let text = try #require(try await frames.next(timeout: .seconds(10)))
            let frame = try JSONValue.parse(text)
            let payload = frame["payload"]
            return [frame["type"]?.stringValue, payload?["user_id"]?.stringValue, payload?["status"]?.stringValue]
                .compactMap { $0 }.joined(separator: " ")
        }
    }

    private let clock = ManualClock()
    private let conversation = ConversationID(UUID())

    private func makeHub(presenceIsLocal: Bool = true) -> ConversationHub {
        var limits = ServerLimits()
        limits.typingTimeout = .seconds(3)
        limits.presenceTimeout = .seconds(30)
        return ConversationHub(
            limits: limits, presenceIsLocal: presenceIsLocal, clock: clock,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Joins `user` and drains the frames the join produced for it.
    private func join(_ hub: ConversationHub, _ user: String) async throws -> (Peer, Inbox) {
        let inbox = Inbox()
        let peer = hub.join(conversationID: conversation, userID: user, outbox: inbox.continuation)
        #expect(try await inbox.next() == "connected \(user)")
        #expect(try await inbox.next() == "presence_update \(user) online")
        return (peer, inbox)
    }

    @Test func typingClearsItselfExactlyAtTheTimeout() async throws {
        let hub = makeHub()
        let (typist, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.typingStarted(conversationID: conversation, userID: "agent-1", peerID: typist.id)
        #expect(try await watcher.next() == "user_typing agent-1")
        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(2_999))
        #expect(clock.sleeperCount == 1, "not yet")
        clock.advance(by: .milliseconds(1))
        #expect(try await watcher.next() == "user_stopped_typing agent-1")
    }

    @Test func typingAgainRestartsTheTimeout() async throws {
        let hub = makeHub()
        let (typist, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.typingStarted(conversationID: conversation, userID: "agent-1", peerID: typist.id)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        hub.typingStarted(conversationID: conversation, userID: "agent-1", peerID: typist.id)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        #expect(clock.sleeperCount == 1, "the first timer was cancelled, the second still runs")
        clock.advance(by: .seconds(1))
        #expect(try await watcher.next() == "user_typing agent-1")
        #expect(try await watcher.next() == "user_typing agent-1")
        #expect(try await watcher.next() == "user_stopped_typing agent-1")
    }

    @Test func aStoredMessageClearsTypingAtOnceAndCancelsTheTimer() async throws {
        let hub = makeHub()
        let (typist, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.typingStarted(conversationID: conversation, userID: "agent-1", peerID: typist.id)
        try await clock.waitForSleepers(1)
        let now = Date()
        hub.messageStored(
            Message(id: MessageID(UUID()), conversationID: conversation, sender: .admin, content: "hi", timestamp: now, createdAt: now),
            by: "agent-1")
        #expect(try await watcher.next() == "user_typing agent-1")
        #expect(try await watcher.next() == "user_stopped_typing agent-1")
        #expect(try await watcher.next() == "new_message")
        try await clock.waitForSleepers(0)
    }

    @Test func presenceGoesOfflineOnlyAfterTheLastSocketAndTheTimeout() async throws {
        let hub = makeHub()
        let (first, _) = try await join(hub, "agent-1")
        let (second, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.leave(first)
        #expect(clock.sleeperCount == 0, "agent-1 still has a socket")
        hub.leave(second)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(29))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        #expect(try await watcher.next() == "presence_update agent-1 offline")
    }

    @Test func rejoiningBeforeTheTimeoutCancelsOffline() async throws {
        let hub = makeHub()
        let (leaver, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.leave(leaver)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(10))
        let (returned, _) = try await join(hub, "agent-1")
        #expect(try await watcher.next() == "presence_update agent-1 online")
        try await clock.waitForSleepers(0)
        clock.advance(by: .seconds(60))
        hub.leave(returned)
        try await clock.waitForSleepers(1)
        clock.advance(by: .seconds(30))
        #expect(try await watcher.next() == "presence_update agent-1 offline", "the only offline, after the second leave")
        #expect(hub.connectionCount == 1)
    }

    @Test func aClosingTypistStopsTypingForTheOthers() async throws {
        let hub = makeHub()
        let (typist, _) = try await join(hub, "agent-1")
        let (_, watcher) = try await join(hub, "agent-2")
        hub.typingStarted(conversationID: conversation, userID: "agent-1", peerID: typist.id)
        #expect(try await watcher.next() == "user_typing agent-1")
        hub.leave(typist)
        #expect(try await watcher.next() == "user_stopped_typing agent-1")
    }

    /// In a cluster the hub reports the last socket leaving and leaves the offline to the cluster,
    /// which it ignores for a user who is here again.
    @Test func inAClusterOfflineComesFromTheClusterAndNotForAUserWhoIsHere() async throws {
        let hub = makeHub(presenceIsLocal: false)
        let (watcher, inbox) = try await join(hub, "agent-1")
        let (leaver, _) = try await join(hub, "agent-2")
        #expect(try await inbox.next() == "presence_update agent-2 online")
        let lastOfLeaver = hub.leave(leaver)
        #expect(lastOfLeaver, "the user's last socket here")
        hub.presenceOffline(conversationID: conversation, userID: "agent-1")
        hub.presenceOffline(conversationID: conversation, userID: "agent-2")
        #expect(try await inbox.next() == "presence_update agent-2 offline", "agent-1 is here: no offline for them")
        hub.remoteOnline(conversationID: conversation, userID: "agent-3")
        #expect(try await inbox.next() == "presence_update agent-3 online")
        let lastOfWatcher = hub.leave(watcher)
        #expect(lastOfWatcher)
    }
}
