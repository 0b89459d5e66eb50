import ChatModel
import Foundation
import HummingbirdWebSocket
import Logging

/// Serves one `/ws/{conversation_id}?token=` connection: authenticates after the upgrade
/// (4001 `Unauthorized`, 4004 `Conversation not found`), joins the hub, then reads frames in
/// order while a writer drains the socket's queue and a timer queues `ping` frames.
///
/// Messages go to the store in the order they were read. A store that settles them in that
/// order (`OrderedAppends`) may hold up to `writesInFlight` of them while the next frames are
/// read; any other frame waits until they have settled. So the socket's echoes and `error`
/// frames always come in the order of its frames.
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
            let ordered = service.store as? any OrderedAppends
            var inFlight = WritesInFlight(limit: Self.writesInFlight)
            for try await message in inbound.messages(maxSize: Self.readLimit) {
                let request = request(in: message, from: peer)
                if case .post(let new) = request, let ordered {
                    let settled = await inFlight.reserve()
                    service.submit(new, by: peer.userID, echoingDuplicateTo: peer, into: ordered) { result in
                        if case .failure(let error) = result { refuse(error, to: peer, metadata: metadata) }
                        settled()
                    }
                } else {
                    await inFlight.drain()
                    await perform(request, from: peer, metadata: metadata)
                }
            }
            group.cancelAll()
        }
    }

    /// Frames up to this size are read whole so that oversized ones get an `error` frame, not a close.
    static let readLimit = 1 << 20

    /// How many of one socket's messages may wait for the store together, when the store
    /// settles them in order (`OrderedAppends`); otherwise each is settled before the next frame is read.
    static let writesInFlight = 32

    /// The `error` frame's text when the database cannot be reached: nothing was stored.
    static let storageUnavailable = "Storage unavailable: the message was not stored; try again shortly"

    /// What a client frame asks for.
    private enum Request {
        /// An `error` frame, and nothing else.
        case refuse(String)
        case post(NewMessage)
        case typing(started: Bool)
        case markRead([MessageID])
    }

    private func request(in message: WebSocketMessage, from peer: Peer) -> Request {
        guard case .text(let text) = message else {
            return .refuse("Binary frames are not supported; send JSON text frames")
        }
        guard text.utf8.count <= limits.maxFrameBytes else {
            return .refuse("Message too large: \(text.utf8.count) bytes (limit \(limits.maxFrameBytes))")
        }
        switch ClientFrame.parse(text, rules: service.rules) {
        case .failure(let error):
            return .refuse(error.text)
        case .success(.sendMessage(let content, let kind, let metadata)):
            return .post(NewMessage(
                conversationID: peer.conversationID, sender: .admin, kind: kind, content: content, metadata: metadata))
        case .success(.typingStart):
            return .typing(started: true)
        case .success(.typingStop):
            return .typing(started: false)
        case .success(.markRead(let ids)):
            return .markRead(ids)
        }
    }

    private func perform(_ request: Request, from peer: Peer, metadata: Logger.Metadata) async {
        switch request {
        case .refuse(let text):
            peer.send(ServerFrame.error(text, at: service.currentTime()))
        case .post(let new):
            do {
                _ = try await service.post(new, by: peer.userID, echoingDuplicateTo: peer)
            } catch {
                refuse(error, to: peer, metadata: metadata)
            }
        case .typing(let started):
            typing(started: started, peer: peer)
        case .markRead(let ids):
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

    /// The `error` frame for a message that was not stored.
    private func refuse(_ error: any Error, to peer: Peer, metadata: Logger.Metadata) {
        let text: String
        switch error {
        case is ChatService.RateLimited: text = "Rate limit exceeded"
        case StoreError.conversationClosed: text = "Cannot send message to closed conversation"
        case StoreError.conversationNotFound: text = "Conversation not found"
        case StoreError.unavailable: text = Self.storageUnavailable
        default:
            logger.error("message not stored", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            text = "Message could not be stored"
        }
        peer.send(ServerFrame.error(text, at: service.currentTime()))
    }

    /// Typing events count against the typing rate limit, starts and stops alike.
    private func typing(started: Bool, peer: Peer) {
        guard service.allowTypingEvent(from: peer.userID) else {
            peer.send(ServerFrame.error("Rate limit exceeded", at: service.currentTime()))
            return
        }
        service.typing(in: peer.conversationID, userID: peer.userID, started: started, peerID: peer.id)
    }
}
