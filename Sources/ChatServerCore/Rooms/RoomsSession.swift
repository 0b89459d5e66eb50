import ChatModel
import Foundation
import HummingbirdWebSocket
import Logging

/// Serves one `/ws/chat/{user_id}?role=&token=` connection: checks role and token after the
/// upgrade (4001 `Invalid role`, 4002 `Invalid token`/`Token required`, 4003 `Token mismatch`,
/// 1008 `Too many connections`), registers with the hub, then handles frames in order while a
/// writer drains the socket's bounded outbox. A bad frame is answered, never fatal.
struct RoomsSession: Sendable {
    let service: RoomsService
    let tokens: TokenAuthority
    let limits: ServerLimits
    let logger: Logger

    func run(
        userID: String, role rawRole: String?, token: String?, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let refusalMetadata: Logger.Metadata = ["user_id": "\(LogText.escaped(userID))", "role": "\(LogText.escaped(rawRole ?? ""))"]
        let role: RoomRole
        switch await admit(userID: userID, role: rawRole, token: token) {
        case .success(let admitted):
            role = admitted
        case .failure(let refusal):
            logger.info("rooms websocket refused: \(refusal.reason)", metadata: refusalMetadata)
            try await outbound.close(.unknown(refusal.code), reason: refusal.reason)
            return
        }
        let outbox = RoomsOutbox(capacity: service.settings.outboxCapacity)
        guard let id = service.hub.connect(userID: userID, role: role, outbox: outbox) else {
            logger.info("rooms websocket refused: too many connections", metadata: refusalMetadata)
            try await outbound.close(.policyViolation, reason: "Too many connections")
            return
        }
        let metadata = refusalMetadata.merging(["socket": "\(id)"]) { $1 }
        logger.info("rooms websocket opened", metadata: metadata)
        defer {
            service.hub.disconnect(id)
            outbox.finish()
            logger.info("rooms websocket closed", metadata: metadata)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in outbox.frames {
                    try await outbound.write(.text(frame))
                }
                if outbox.overflowed {
                    logger.warning("rooms websocket too slow: closing", metadata: metadata)
                    try await outbound.close(.unknown(1013), reason: "Client too slow")
                }
            }
            for try await message in inbound.messages(maxSize: WebSocketSession.readLimit) {
                await handle(message, from: id)
            }
            group.cancelAll()
        }
    }

    private struct Refusal: Error {
        let code: UInt16
        let reason: String
    }

    /// The role, once role and token pass: role first, then the token (absent is fine only on
    /// anonymous deployments; any valid token whose `sub` is the user will do).
    private func admit(userID: String, role: String?, token: String?) async -> Result<RoomRole, Refusal> {
        guard let role = role.flatMap(RoomRole.init(rawValue:)) else {
            return .failure(Refusal(code: 4001, reason: "Invalid role"))
        }
        guard let token else {
            return service.settings.allowsAnonymous ? .success(role) : .failure(Refusal(code: 4002, reason: "Token required"))
        }
        guard let identity = try? await tokens.verify(token) else {
            return .failure(Refusal(code: 4002, reason: "Invalid token"))
        }
        guard identity.userID == userID else { return .failure(Refusal(code: 4003, reason: "Token mismatch")) }
        return .success(role)
    }

    private func handle(_ message: WebSocketMessage, from id: RoomsConnectionID) async {
        guard case .text(let text) = message else {
            service.hub.send(.error(.invalidFormat("binary frames are not supported; send JSON text frames")), to: id)
            return
        }
        guard text.utf8.count <= limits.maxFrameBytes else {
            service.hub.send(
                .error(RoomsError("Message too large", details: "\(text.utf8.count) bytes (limit \(limits.maxFrameBytes))")), to: id)
            return
        }
        do throws(RoomsError) {
            switch RoomsCommand.parse(text, rules: service.chat.rules) {
            case .failure(let error): throw error
            case .success(.joinRoom(let room)): try await service.join(room, by: id)
            case .success(.leaveRoom(let room)): service.leave(room, by: id)
            case .success(.message(let room, let content, let kind)): try await service.post(content, kind: kind, in: room, by: id)
            case .success(.typing(let room, let started)): try service.typing(in: room, started: started, by: id)
            case .success(.heartbeat): service.hub.heartbeat(id)
            case .success(.messageRead(let room, let ids)): try await service.markRead(ids, in: room, by: id)
            }
        } catch {
            service.hub.send(.error(error), to: id)
        }
    }
}
