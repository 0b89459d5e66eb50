import ChatModel
import Foundation

/// One open WebSocket as the hub sees it: who is on it, and the ordered queue of frames to write.
final class Peer: Sendable {
    let id: Int
    let conversationID: ConversationID
    let userID: String
    private let outbox: AsyncStream<String>.Continuation

    init(id: Int, conversationID: ConversationID, userID: String, outbox: AsyncStream<String>.Continuation) {
        self.id = id
        self.conversationID = conversationID
        self.userID = userID
        self.outbox = outbox
    }

    /// Queues a frame; the peer's session writes queued frames in order.
    func send(_ frame: String) {
        outbox.yield(frame)
    }
}
