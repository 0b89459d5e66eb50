import ChatModel
import Foundation
import Hummingbird

/// `/api/messages`: history (oldest first, `before_id` paging), REST sending, and mark-read by ids.
struct MessageRoutes {
    /// Most ids accepted by one `PATCH /api/messages/mark-read`.
    static let maxMarkReadIDs = 1_000

    let service: ChatService

    func register(on api: RouterGroup<APIRequestContext>) {
        api.get("messages") { request, _ in try await history(request) }
        api.post("messages") { request, context in try await send(request, context) }
        api.patch("messages/mark-read") { request, context in try await markRead(request, context) }
    }

    private func history(_ request: Request) async throws -> Response {
        var query = QueryReader(request)
        let conversationID = query.required("conversation_id", .id(of: Conversation.self))
        let limit = query.integer("limit", default: 50, in: 1...100)
        let before = query.optional("before_id", .id(of: Message.self))
        let after = query.optional("after_id", .id(of: Message.self))
        try query.finish()
        guard let conversationID else { throw APIError.validation([]) }
        if before != nil, after != nil {
            throw APIError.validation([
                .init(loc: ["query", "after_id"], msg: "Value error, before_id and after_id cannot be combined", type: "value_error")
            ])
        }
        do {
            let messages = try await service.store.messages(in: conversationID, limit: limit, before: before, after: after)
            return JSONResponse.make(messages)
        } catch StoreError.conversationNotFound {
            throw ConversationRoutes.notFound
        } catch StoreError.messageNotFound {
            throw APIError.notFound("Message not found")
        }
    }

    /// 201 with the new message; 200 with the stored one when `metadata.client_message_id` repeats.
    private func send(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        var request = request
        var body = try BodyReader(try await request.collectBody(upTo: context.maxUploadSize))
        let conversationID = body.required("conversation_id", .id(of: Conversation.self))
        let sender: Message.Sender? = body.required("sender", .wireEnum)
        let kind: Message.Kind = body.optional("type", .wireEnum) ?? .text
        let content = body.required("content", .string)
        let metadata = body.optional("metadata", .object)
        if let content, let problem = service.rules.problem(with: content) {
            body.refuse("content", problem)
        }
        try body.finish()
        guard let conversationID, let sender, let content else { throw APIError.validation([]) }
        let new = NewMessage(conversationID: conversationID, sender: sender, kind: kind, content: content, metadata: metadata)
        do {
            switch try await service.post(new, by: context.identity?.userID ?? "") {
            case .created(let message): return JSONResponse.make(message, status: .created)
            case .duplicate(let message): return JSONResponse.make(message, status: .ok)
            }
        } catch let limited as ChatService.RateLimited {
            throw APIError.rateLimited(retryAfter: limited.retryAfter)
        } catch StoreError.conversationNotFound {
            throw ConversationRoutes.notFound
        } catch StoreError.conversationClosed {
            throw APIError.badRequest("Cannot send message to closed conversation")
        }
    }

    /// The body is a bare JSON array of message ids.
    private func markRead(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard let value = try? ChatJSON.decode(JSONValue.self, from: Data(buffer.readableBytesView)) else {
            throw APIError.validation([.init(loc: ["body", .index(0)], msg: "JSON decode error", type: "json_invalid")])
        }
        guard case .array(let items) = value else {
            throw APIError.validation([.init(loc: ["body"], msg: "Input should be a valid list", type: "list_type", input: value)])
        }
        guard items.count <= Self.maxMarkReadIDs else {
            throw APIError.validation([
                .init(
                    loc: ["body"], msg: "List should have at most \(Self.maxMarkReadIDs) items after validation",
                    type: "too_long")
            ])
        }
        var ids: [MessageID] = []
        var issues: [ValidationIssue] = []
        for (index, item) in items.enumerated() {
            if case .string(let text) = item, let id = UUID(uuidString: text) {
                ids.append(MessageID(id))
            } else {
                issues.append(.invalidUUID(["body", .index(index)], item))
            }
        }
        guard issues.isEmpty else { throw APIError.validation(issues) }
        let count = try await service.store.markMessagesRead(ids)
        return JSONResponse.make(
            MarkReadResult(success: true, markedCount: count, message: "Marked \(count) message\(count == 1 ? "" : "s") as read"))
    }
}
