import ChatClientKit
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// Typing indicators between two agents through the real server, and what the library logs.
@Suite(.live, .timeLimit(.minutes(5)))
struct TypingAndLoggingTests {
    @Test func typingReachesTheOtherAgentAndClearsByItself() async throws {
        var options = ServerOptions()
        options.typingTimeout = 0.3
        let server = try await ChatServerProcess.start(options)
        let address = try ServerAddress(server.baseURL)
        let alice = try ChatClient(
            settings: ClientSettings(server: address, token: BearerToken(server.token(sub: "alice"))),
            outboxPath: server.directory + "/alice.sqlite")
        let bob = try ChatClient(
            settings: ClientSettings(server: address, token: BearerToken(server.token(sub: "bob"))),
            typing: TypingTracker(expiry: 5, stopGrace: 0.5), outboxPath: server.directory + "/bob.sqlite")
        let conversation = try await alice.api.createConversation(ConversationDraft(clientID: UUID(), channel: .web))
        let typist = SessionWatcher(try await alice.open(conversation.id))
        let reader = SessionWatcher(try await bob.open(conversation.id))
        try await typist.waitConnected()
        try await reader.waitConnected()

        await typist.session.userTyped()
        try await reader.wait("alice to show as typing") { $0.typing == ["alice"] }
        try await reader.wait("the indicator to clear after the server's stop and the grace") { $0.typing.isEmpty }
        #expect(typist.typing.isEmpty, "nobody sees their own indicator")

        await typist.session.close()
        await reader.session.close()
        await alice.shutdown()
        await bob.shutdown()
        await server.stop()
    }

    @Test func theTokenNeverReachesTheLogs() async throws {
        let server = try await ChatServerProcess.start()
        let token = try server.token()
        let lines = LogLines()
        var logger = Logger(label: "capture") { _ in CapturingHandler(lines: lines) }
        logger.logLevel = .trace
        let client = try ChatClient(
            settings: ClientSettings(server: ServerAddress(server.baseURL), token: BearerToken(token)),
            outboxPath: server.directory + "/outbox.sqlite", logger: logger)
        let conversation = try await client.api.createConversation(ConversationDraft(clientID: UUID(), channel: .web))
        let watcher = SessionWatcher(try await client.open(conversation.id))
        try await watcher.waitConnected()
        try await watcher.send("hello")
        try await watcher.waitDelivered()
        await watcher.session.close()
        await client.shutdown()
        await server.stop()

        let logged = lines.all.withLock { $0 }
        #expect(!logged.isEmpty, "the capture works")
        #expect(!logged.contains { $0.contains(token) }, "a log line carries the token")
        #expect(!logged.contains { $0.contains(String(token.split(separator: ".")[2])) }, "a log line carries the signature")
    }

    final class LogLines: Sendable {
        let all = Mutex<[String]>([])
    }

    /// Keeps every log line (message and metadata) in memory.
    struct CapturingHandler: LogHandler {
        let lines: LogLines
        var logLevel = Logger.Level.trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.all.withLock { $0.append("\(event.level) \(event.message) \(merged) \(event.source)") }
        }
    }
}
