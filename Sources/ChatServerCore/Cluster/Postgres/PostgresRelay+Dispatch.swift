import ChatModel
import Foundation

extension PostgresRelay {
    /// Most messages fetched per query; a busier catch-up takes several.
    static let fetchLimit = 500

    /// Catches up on notified conversations whenever woken: fetches what follows each cursor
    /// and delivers it to the sockets here, in `seq` order.
    func dispatch() async {
        for await _ in dispatchWakeups {
            await catchUp()
        }
    }

    private func catchUp() async {
        let delivery = self.delivery
        while !Task.isCancelled {
            let requests = cursors.withLock { $0.takeRequests(isWatched: delivery.watches) }
            guard !requests.isEmpty else { return }
            let fetched: [StoredMessage]
            do {
                fetched = try await store.messages(after: requests, limit: Self.fetchLimit)
            } catch {
                cursors.withLock { $0.retry(requests) }
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            for stored in fetched {
                let message = stored.message
                guard cursors.withLock({ $0.deliver(message.conversationID, seq: stored.seq) }) else { continue }
                let source = origins.withLock { $0.take(message.id) } ?? MessageSource(stored: stored.origin, metadata: message.metadata)
                delivery.messageStored(message, by: stored.authorID, source: source)
                waiters.withLock { $0.delivered(message.id) }.forEach { $0.resume() }
            }
            if fetched.count == Self.fetchLimit {
                cursors.withLock { $0.retry(requests) }
            }
        }
    }
}
