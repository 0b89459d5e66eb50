import ChatModel
import Foundation
import Hummingbird

/// `/api/conversations`: list, read, create, update, status changes, soft delete, mark-read.
struct ConversationRoutes {
    static let notFound = APIError.notFound("Conversation not found")

    let service: ChatService

    func register(on api: RouterGroup<APIRequestContext>) {
        api.get("conversations") { request, _ in try await list(request) }
        api.post("conversations") { request, context in try await create(request, context) }
        api.get("conversations/{conversation_id}") { _, context in
            try await JSONResponse.make(require(try PathParameter.id("conversation_id", in: context) as ConversationID))
        }
        api.put("conversations/{conversation_id}") { request, context in
            let id = try PathParameter.id("conversation_id", in: context) as ConversationID
            var request = request
            var body = try BodyReader(try await request.collectBody(upTo: context.maxUploadSize))
            let patch = ConversationPatch(
                status: body.optional("status", .wireEnum),
                assignedAgentID: body.field("assigned_agent_id", .uuid).patch,
                priority: body.optional("priority", .wireEnum),
                summary: body.field("summary", .string).patch,
                tags: body.optional("tags", .strings))
            try body.finish()
            return try await update(id, patch, context)
        }
        api.patch("conversations/{conversation_id}/status") { request, context in
            let id = try PathParameter.id("conversation_id", in: context) as ConversationID
            var query = QueryReader(request)
            let status: Conversation.Status? = query.required("status", .wireEnum)
            try query.finish()
            return try await update(id, ConversationPatch(status: status), context)
        }
        api.delete("conversations/{conversation_id}") { _, context in
            let id = try PathParameter.id("conversation_id", in: context) as ConversationID
            _ = try await update(id, ConversationPatch(status: .closed), context)
            return Response(status: .noContent)
        }
        api.post("conversations/{conversation_id}/mark-read") { _, context in
            let id = try PathParameter.id("conversation_id", in: context) as ConversationID
            guard let conversation = try await service.store.markConversationRead(id) else { throw Self.notFound }
            return JSONResponse.make(conversation)
        }
    }

    private func list(_ request: Request) async throws -> Response {
        var query = QueryReader(request)
        let page = query.integer("page", default: 1, in: 1...1_000_000)
        let limit = query.integer("limit", default: 20, in: 1...100)
        let filter = ConversationFilter(
            clientID: query.optional("client_id", .uuid),
            status: query.optional("status", .wireEnum),
            priority: query.optional("priority", .wireEnum),
            search: query.optional("search", .string))
        try query.finish()
        return JSONResponse.make(try await service.store.conversations(matching: filter, page: page, limit: limit))
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        var request = request
        var body = try BodyReader(try await request.collectBody(upTo: context.maxUploadSize))
        let clientID = body.required("client_id", .uuid)
        let channel: Conversation.Channel? = body.required("channel", .wireEnum)
        let status: Conversation.Status = body.optional("status", .wireEnum) ?? .active
        let priority: Conversation.Priority = body.optional("priority", .wireEnum) ?? .low
        let assignedAgentID = body.optional("assigned_agent_id", .uuid)
        let summary = body.optional("summary", .string)
        let tags = body.optional("tags", .strings) ?? []
        try body.finish()
        guard let clientID, let channel else { throw APIError.validation([]) }
        let draft = ConversationDraft(
            clientID: clientID, channel: channel, status: status, assignedAgentID: assignedAgentID, priority: priority,
            summary: summary, tags: tags)
        let conversation = try await service.store.createConversation(draft, now: service.currentTime())
        return JSONResponse.make(conversation, status: .created)
    }

    private func require(_ id: ConversationID) async throws -> Conversation {
        guard let conversation = try await service.store.conversation(id) else { throw Self.notFound }
        return conversation
    }

    private func update(_ id: ConversationID, _ patch: ConversationPatch, _ context: APIRequestContext) async throws -> Response {
        guard let conversation = try await service.update(id, patch, by: context.identity?.userID ?? "") else {
            throw Self.notFound
        }
        return JSONResponse.make(conversation)
    }
}
