import ChatModel
import Foundation
import Hummingbird

/// The rooms admin API under `/ws` (admin bearer token, `{"error": "text"}` errors): status,
/// rooms, queue, agents, broadcast and assignment.
struct RoomsRoutes {
    let service: RoomsService

    func register(on ws: RouterGroup<APIRequestContext>) {
        let hub = service.hub
        ws.get("status") { _, _ in
            JSONResponse.make(["status": "ready", "stats": hub.stats.json] as JSONValue)
        }
        ws.get("rooms") { _, _ in
            let rooms = hub.rooms
            return JSONResponse.make(["rooms": .array(rooms.map(\.json)), "total": .number(Double(rooms.count))] as JSONValue)
        }
        ws.get("queue") { _, _ in
            let queue = hub.queue
            return JSONResponse.make(["queue": .array(queue.map(\.json)), "size": .number(Double(queue.count))] as JSONValue)
        }
        ws.get("agents") { _, _ in
            let agents = hub.agents
            return JSONResponse.make(["agents": .array(agents.map(\.json)), "total": .number(Double(agents.count))] as JSONValue)
        }
        ws.post("broadcast") { request, _ in try broadcast(request) }
        ws.post("assign/{conversation_id}/{agent_id}") { _, context in
            try await assign(
                conversation: context.parameters.get("conversation_id") ?? "", agent: context.parameters.get("agent_id") ?? "")
        }
    }

    /// `?message=` (required), `&room_id=`, `&role=`: `system_message` to the matching sockets.
    private func broadcast(_ request: Request) throws -> Response {
        var query = QueryReader(request)
        let message = query.optional("message", .string)
        let roomID = query.optional("room_id", .string)
        let role = query.optional("role", .string)
        guard let message, !message.allSatisfy(\.isWhitespace) else { throw APIError.badRequest("message is required") }
        var roomFilter: ConversationID?
        if let roomID {
            guard let room = RoomID.parse(roomID) else { throw APIError.notFound("Room not found") }
            roomFilter = room
        }
        var roleFilter: RoomRole?
        if let role {
            guard let parsed = RoomRole(rawValue: role) else {
                throw APIError.badRequest("role must be one of \(RoomRole.validValues)")
            }
            roleFilter = parsed
        }
        let recipients = service.hub.broadcast(message, room: roomFilter, role: roleFilter)
        return JSONResponse.make(["success": true, "recipients": .number(Double(recipients))] as JSONValue)
    }

    private func assign(conversation: String, agent: String) async throws -> Response {
        switch try await service.assign(conversation, to: agent) {
        case .success(let room):
            return JSONResponse.make(
                ["success": true, "conversation_id": .string(room.rawValue), "agent_id": .string(agent)] as JSONValue)
        case .failure(.conversationNotFound):
            throw APIError.notFound("Conversation not found")
        case .failure(.agent(.agentNotConnected)):
            throw APIError.notFound("Agent not connected")
        case .failure(.agent(.notAnAgent)):
            throw APIError.badRequest("User is not an agent")
        }
    }
}
