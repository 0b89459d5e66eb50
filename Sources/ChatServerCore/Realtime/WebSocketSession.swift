import ChatModel
import Foundation
import HummingbirdWebSocket
import Logging

/// Serves one `/ws/{conversation_id}?token=` connection: authenticates after the upgrade
/// (4001 `Unauthorized`, 4004 `Conversation not found`), joins the hub, then reads frames in
/// order while a writer drains the socket's queue and a timer queues `ping` frames.
struct WebSocketSession: Sendable {
    let service: ChatService
    let tokens: TokenAuthority
    let limits: ServerLimits
    let logger: Logger

    func run(
        conversation rawID: String?, token: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        guard let token, let identity = try? await tokens.verify(token), identity.isAdmin else {
            logger.info("websocket refused: unauthorized", metadata: ["conversation_id": "\(rawID ?? "")"])
            try await outbound.close(.unknown(4001), reason: "Unauthorized")
            return
        }
        let (frames, queue) = AsyncStream.makeStream(of: String.self)
        var joined: Peer?
        if let conversationID = rawID.flatMap(UUID.init(uuidString:)).map(ConversationID.init) {
            do {
                joined = try await service.join(conversationID: conversationID, userID: identity.userID, outbox: queue)
            } catch StoreError.unavailable {
                logger.warning("websocket refused: storage unavailable", metadata: ["conversation_id": "\(rawID ?? "")"])
                try await outbound.close(.unknown(1013), reason: "Storage unavailable; try again later")
                return
            }
        }
        guard let peer = joined else {
            logger.info("websocket refused: unknown conversation", metadata: ["conversation_id": "\(rawID ?? "")"])
            try await outbound.close(.unknown(4004), reason: "Conversation not found")
            return
        }
        let conversationID = peer.conversationID
        let metadata: Logger.Metadata = [
            "conversation_id": "\(conversationID.rawValue)", "user_id": "\(identity.userID)", "socket": "\(peer.id)",
        ]
        logger.info("websocket opened", metadata: metadata)
        defer {
            service.leave(peer)
            queue.finish()
            logger.info("websocket closed", metadata: metadata)
        }
        let pingInterval = limits.pingInterval
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    try await outbound.write(.text(frame))
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: pingInterval)
                    peer.send(ServerFrame.ping(at: service.currentTime()))
                }
            }
            for try await message in inbound.messages(maxSize: Self.readLimit) {
                await handle(message, from: peer, metadata: metadata)
            }
            group.cancelAll()
        }
    }

    /// Frames up to this size are read whole so that oversized ones get an `error` frame, not a close.
    static let readLimit = 1 << 20

    /// The `error` frame's text when the database cannot be reached: nothing was stored.
    static let storageUnavailable = "Storage unavailable: the message was not stored; try again shortly"

    private func handle(_ message: WebSocketMessage, from peer: Peer, metadata: Logger.Metadata) async {
        let now = service.currentTime()
        guard case .text(let text) = message else {
            peer.send(ServerFrame.error("Binary frames are not supported; send JSON text frames", at: now))
            return
        }
        guard text.utf8.count <= limits.maxFrameBytes else {
            peer.send(ServerFrame.error("Message too large: \(text.utf8.count) bytes (limit \(limits.maxFrameBytes))", at: now))
            return
        }
        switch ClientFrame.parse(text, rules: service.rules) {
        case .failure(let error):
            peer.send(ServerFrame.error(error.text, at: now))
        case .success(.sendMessage(let content, let kind, let messageMetadata)):
            let new = NewMessage(
                conversationID: peer.conversationID, sender: .admin, kind: kind, content: content, metadata: messageMetadata)
            do {
                _ = try await service.post(new, by: peer.userID, echoingDuplicateTo: peer)
            } catch is ChatService.RateLimited {
                peer.send(ServerFrame.error("Rate limit exceeded", at: service.currentTime()))
            } catch StoreError.conversationClosed {
                peer.send(ServerFrame.error("Cannot send message to closed conversation", at: service.currentTime()))
            } catch StoreError.conversationNotFound {
                peer.send(ServerFrame.error("Conversation not found", at: service.currentTime()))
            } catch StoreError.unavailable {
                peer.send(ServerFrame.error(Self.storageUnavailable, at: service.currentTime()))
            } catch {
                logger.error("message not stored", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                peer.send(ServerFrame.error("Message could not be stored", at: service.currentTime()))
            }
        case .success(.typingStart):
            typing(started: true, peer: peer, at: now)
        case .success(.typingStop):
            typing(started: false, peer: peer, at: now)
        case .success(.markRead(let ids)):
            do {
                _ = try await service.store.markMessagesRead(ids, in: peer.conversationID)
            } catch StoreError.unavailable {
                peer.send(ServerFrame.error(Self.storageUnavailable, at: service.currentTime()))
            } catch {
                logger.error("mark_read failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                peer.send(ServerFrame.error("Messages could not be marked as read", at: service.currentTime()))
            }
        }
    }

    /// Typing events count against the typing rate limit, starts and stops alike.
    private func typing(started: Bool, peer: Peer, at now: Date) {
        guard service.allowTypingEvent(from: peer.userID) else {
            peer.send(ServerFrame.error("Rate limit exceeded", at: now))
            return
        }
        service.typing(in: peer.conversationID, userID: peer.userID, started: started, peerID: peer.id)
    }
}
