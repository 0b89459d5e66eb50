import ChatModel
import Foundation
import Logging
import ServiceLifecycle

/// Simulated customers for `serve --demo`: now and then one of them types (`user_typing` with
/// their `client_id` as `user_id`), then writes a message stored and broadcast exactly like a
/// REST post; customers an agent has just answered are the likeliest to write back.
struct DemoCustomers: Service {
    let service: ChatService
    let settings: DemoSettings
    let logger: Logger

    /// Runs until the server shuts down.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: settings.interval * Double.random(in: 0.5...1.5))
                    do {
                        try await act()
                    } catch let error as CancellationError {
                        throw error
                    } catch {
                        logger.warning("demo customer failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }

    private func act() async throws {
        let open = try await service.store.conversations(matching: ConversationFilter(), page: 1, limit: 100).items
            .filter { $0.status != .closed }
        var answered: [Conversation] = []
        var latest: [ConversationID: Message] = [:]
        for conversation in open {
            latest[conversation.id] = try await service.store.messages(in: conversation.id, limit: 1, before: nil, after: nil).last
            if latest[conversation.id]?.sender == .admin { answered.append(conversation) }
        }
        let replying = !answered.isEmpty && Double.random(in: 0..<1) < 0.8
        guard let conversation = replying ? answered.randomElement() : open.randomElement() else { return }
        let customer = conversation.clientID ?? conversation.id.rawValue
        let language = DemoLanguage(for: conversation)
        service.typing(in: conversation.id, userID: customer, started: true, peerID: nil)
        try await Task.sleep(for: min(settings.interval * 0.6, .seconds(2)) * Double.random(in: 0.5...1))
        // Never the same words twice in a row: a repeat would look like a duplicated message.
        let lines = (replying ? language.replies : language.followUps).filter { $0 != latest[conversation.id]?.content }
        guard let content = lines.randomElement() else { return }
        do {
            _ = try await service.post(
                NewMessage(conversationID: conversation.id, sender: .client, kind: .text, content: content, metadata: nil),
                by: customer)
        } catch is ChatService.RateLimited, StoreError.conversationClosed {
            service.typing(in: conversation.id, userID: customer, started: false, peerID: nil)
        }
    }
}
