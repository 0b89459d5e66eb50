import ChatModel
import Foundation
import Logging

/// What rooms sockets, the admin API and the demo customers do, over the same store and
/// `ChatService` as the `conversations` dialect: joining existing rooms, sending messages (then
/// the bot's answer and any escalation), typing, read marks and assignment.
final class RoomsService: Sendable {
    /// The author id of the bot's stored messages.
    static let botUserID = "bot"

    let chat: ChatService
    let hub: RoomsHub
    let settings: RoomsSettings
    private let bot = RoomsBot()
    private let logger: Logger

    init(chat: ChatService, settings: RoomsSettings, logger: Logger) {
        self.chat = chat
        self.hub = chat.rooms
        self.settings = settings
        self.logger = logger
    }

    /// `join_room`: the room must be an existing conversation; no reply on success.
    func join(_ raw: String, by id: RoomsConnectionID) async throws(RoomsError) {
        guard !settings.rejectsJoin else { throw .invalidFormat() }
        guard let room = RoomID.parse(raw), let position = try await position(of: room) else { throw .roomNotFound(raw) }
        let besideOthers = chat.watchesHere(room)
        hub.join(id, room)
        chat.relay.watch(room, from: position, besideOthers: besideOthers)
    }

    /// `leave_room`: no reply, whether or not the socket was in the room.
    func leave(_ raw: String, by id: RoomsConnectionID) {
        if let room = RoomID.parse(raw) {
            hub.leave(id, room)
        }
    }

    /// `message`: stored like every message (the rooms rate limit, no dedupe); the socket gets
    /// `message_sent`, the room `message`. A cliente in a room without an assigned agent then
    /// gets the bot's answer, which may escalate.
    func post(_ content: String, kind: Message.Kind, in raw: String, by id: RoomsConnectionID) async throws(RoomsError) {
        guard let room = RoomID.parse(raw), hub.isMember(id, of: room), let connection = hub.connection(id) else {
            throw .notInRoom(raw)
        }
        let new = NewMessage(conversationID: room, sender: connection.role.sender, kind: kind, content: content, metadata: nil)
        do {
            _ = try await chat.post(new, by: connection.userID, from: .roomsSocket(id, connection.role))
        } catch is ChatService.RateLimited {
            throw .rateLimited
        } catch StoreError.conversationClosed {
            throw .conversationClosed
        } catch StoreError.conversationNotFound {
            throw .roomNotFound(raw)
        } catch StoreError.unavailable {
            throw .storageUnavailable
        } catch {
            logger.error("rooms message not stored", metadata: ["room_id": "\(room)", "error": "\(error)"])
            throw .notStored
        }
        if connection.role == .cliente, settings.botEnabled, !hub.isAssigned(room) {
            await answer(content, in: room, customer: connection.userID)
        }
    }

    /// `typing_start`/`typing_stop`, relayed to the room's other sockets.
    func typing(in raw: String, started: Bool, by id: RoomsConnectionID) throws(RoomsError) {
        guard let room = RoomID.parse(raw), hub.isMember(id, of: room) else { throw .notInRoom(raw) }
        hub.typing(id, in: room, started: started)
    }

    /// `message_read`: every id must be a message of the room; they are marked read in the
    /// store, then `message_read` goes to the room's other sockets.
    func markRead(_ ids: [MessageID], in raw: String, by id: RoomsConnectionID) async throws(RoomsError) {
        guard let room = RoomID.parse(raw), hub.isMember(id, of: room) else { throw .notInRoom(raw) }
        do {
            let known = try await chat.store.existingMessageIDs(ids, in: room)
            if let unknown = ids.first(where: { !known.contains($0) }) {
                throw RoomsError.messageNotFound(unknown.rawValue)
            }
            _ = try await chat.store.markMessagesRead(ids, in: room)
        } catch let error as RoomsError {
            throw error
        } catch StoreError.unavailable {
            throw RoomsError.storageUnavailable
        } catch {
            logger.error("rooms message_read failed", metadata: ["room_id": "\(room)", "error": "\(error)"])
            throw RoomsError("Messages could not be marked as read")
        }
        hub.messageRead(id, in: room, messageIDs: ids)
    }

    /// Why `POST /ws/assign` refused.
    enum AssignFailure: Error, Equatable {
        case conversationNotFound
        case agent(RoomsState.AssignRefusal)
    }

    /// `POST /ws/assign/{conversation_id}/{agent_id}`; without a cliente in the room, the
    /// conversation's `client_id` stands in for the client name.
    func assign(_ raw: String, to agentID: String) async throws -> Result<ConversationID, AssignFailure> {
        guard let room = RoomID.parse(raw), let conversation = try await chat.store.conversation(room) else {
            return .failure(.conversationNotFound)
        }
        return hub.assign(room, to: agentID, fallbackClientName: conversation.clientID ?? conversation.id.rawValue)
            .map { _ in room }.mapError(AssignFailure.agent)
    }

    /// The room's latest message sequence (where a joining socket starts), nil for no such room.
    private func position(of room: ConversationID) async throws(RoomsError) -> Int64? {
        do {
            return try await chat.store.position(of: room)
        } catch StoreError.unavailable {
            throw .storageUnavailable
        } catch {
            logger.error("rooms room lookup failed", metadata: ["room_id": "\(room)", "error": "\(error)"])
            throw RoomsError("Room could not be checked")
        }
    }

    /// Stores the bot's answer as a `system` message (`bot_response` to the room), then escalates if asked.
    private func answer(_ text: String, in room: ConversationID, customer: String) async {
        let reply = bot.reply(to: text)
        let new = NewMessage(
            conversationID: room, sender: .system, kind: .text, content: reply.content, metadata: RoomsEvent.metadata(of: reply))
        do {
            _ = try await chat.post(new, by: Self.botUserID, from: .roomsBot(reply))
        } catch {
            logger.warning("rooms bot answer not stored", metadata: ["room_id": "\(room)", "error": "\(error)"])
            return
        }
        if reply.escalates {
            hub.escalate(room, clientName: customer)
        }
    }
}
