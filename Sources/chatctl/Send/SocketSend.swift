import ChatClientKit
import Foundation
import Logging

/// `messages send` on servers without a REST send (rooms, socketio): the message goes through the
/// same engine chat-tui uses, over the user's socket, and the command ends when the server
/// acknowledges it, refuses it, or the time runs out. The outbox is a throwaway one: the
/// command reports what became of the message, it does not keep it for later.
enum SocketSend {
    static func send(
        _ content: String, kind: Message.Kind, clientID: String?, to conversation: ConversationID,
        settings: ClientSettings, timeout: Double, logger: Logger
    ) async throws -> SendTracker.Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-send-\(UUID.random().wireString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let client = try ChatClient(
            settings: settings, outboxPath: scratch.appendingPathComponent("outbox.sqlite").path,
            logger: logger, historyPath: scratch.appendingPathComponent("history.sqlite").path)
        let session = try await client.open(conversation)
        let entry = try await session.send(content, kind: kind, clientID: clientID)
        var tracker = SendTracker(clientID: entry.id, conversation: conversation)
        let (inputs, feed) = AsyncStream.makeStream(of: ConversationEvent?.self)
        let forwarder = Task {
            for await event in session.events { feed.yield(event) }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
            feed.yield(nil)
        }
        var outcome = tracker.timedOut(after: timeout)
        for await input in inputs {
            guard let event = input else { break }
            if let settled = tracker.handle(event) {
                outcome = settled
                break
            }
        }
        timer.cancel()
        await session.close()
        forwarder.cancel()
        await client.shutdown()
        return outcome
    }
}
