import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// The REST APIs of the servers (the `conversations` dialect's, PROTOCOLS.md §1, here; the
/// `rooms` admin endpoints in `ChatAPI+Rooms`), over AsyncHTTPClient.
///
/// Every call throws a `ChatError` that says what happened. Idempotent calls retry
/// temporary failures per `RetryPolicy`; sending a message is retried only when it
/// carries a client id, and only after checking the server's history for it, so a retry
/// never stores a message twice even on a server that does not deduplicate.
public final class ChatAPI: Sendable {
    /// The largest reply body taken; a larger one is refused.
    public static let maxReplyBytes = 32 << 20

    public let server: ServerAddress
    private let token: BearerToken?
    private let http: HTTPClient
    /// Seconds one attempt may take, from connecting to the reply's last byte.
    private let timeout: Double
    private let retry: RetryPolicy
    private let clock: any ChatClock
    private let logger: Logger

    /// Creates a client; call `shutdown()` when done.
    public init(
        settings: ClientSettings, timeout: Double = 30, retry: RetryPolicy = .init(),
        clock: any ChatClock = SystemClock(), logger: Logger = Logger(label: "chat.api")
    ) throws(ChatError) {
        server = settings.server
        token = settings.token
        self.timeout = min(max(timeout, 0.001), 86_400)
        self.retry = retry
        self.clock = clock
        self.logger = logger
        let tls = try TLSSetup.configuration(caFile: settings.caFile)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .milliseconds(Int64(self.timeout * 1000))))
        // `retry` decides about retrying; AsyncHTTPClient's own reconnect loop would turn a
        // refused connection into a wait for the whole connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Releases the connection pool. (Dropping the last reference also releases it.)
    public func shutdown() async {
        try? await http.shutdown()
    }

    deinit {
        let http = self.http
        Task { try? await http.shutdown() }
    }

    // MARK: Conversations

    public func conversations(_ query: ConversationQuery = .init()) async throws(ChatError) -> Page<Conversation> {
        try await call(.GET, "/api/conversations", query: query.items)
    }

    public func conversation(_ id: ConversationID) async throws(ChatError) -> Conversation {
        try await call(.GET, "/api/conversations/\(id.rawValue)")
    }

    /// Creates a conversation. Not retried: a lost reply could otherwise create two.
    public func createConversation(_ draft: ConversationDraft) async throws(ChatError) -> Conversation {
        try await call(.POST, "/api/conversations", body: encode(draft), idempotent: false)
    }

    public func updateConversation(_ id: ConversationID, _ changes: ConversationChanges) async throws(ChatError) -> Conversation {
        try await call(.PUT, "/api/conversations/\(id.rawValue)", body: encode(changes))
    }

    public func setStatus(_ id: ConversationID, _ status: Conversation.Status) async throws(ChatError) -> Conversation {
        try await call(.PATCH, "/api/conversations/\(id.rawValue)/status", query: [("status", status.rawValue)])
    }

    /// Soft-deletes (closes) a conversation.
    public func deleteConversation(_ id: ConversationID) async throws(ChatError) {
        _ = try await send(.DELETE, "/api/conversations/\(id.rawValue)", query: [], body: nil, idempotent: true)
    }

    /// Marks the whole conversation read (`unread_count` 0).
    public func markRead(_ id: ConversationID) async throws(ChatError) -> Conversation {
        try await call(.POST, "/api/conversations/\(id.rawValue)/mark-read")
    }

    // MARK: Messages

    /// The newest `limit` messages older than `before` (all if nil), oldest first.
    public func messages(conversationID: ConversationID, limit: Int = 50, before: MessageID? = nil) async throws(ChatError) -> [Message] {
        var query = [("conversation_id", conversationID.rawValue), ("limit", String(limit))]
        if let before { query.append(("before_id", before.rawValue)) }
        return try await call(.GET, "/api/messages", query: query)
    }

    /// Sends a message over REST. With a client id in its metadata it is retried safely.
    public func sendMessage(_ draft: MessageDraft) async throws(ChatError) -> Message {
        let body = try encode(draft)
        guard let clientID = draft.metadata?[Message.clientMessageIDKey]?.stringValue else {
            return try await call(.POST, "/api/messages", body: body, idempotent: false)
        }
        var attempt = 0
        while true {
            do {
                let data = try await send(.POST, "/api/messages", query: [], body: body, idempotent: false)
                return try decode(Message.self, data)
            } catch where error.isTemporary && attempt < retry.retries {
                attempt += 1
                if let stored = try? await findMessage(clientID: clientID, in: draft.conversationID) { return stored }
                try await pause(beforeRetry: attempt, after: error)
            }
        }
    }

    /// Marks messages read; returns how many changed.
    public func markMessagesRead(_ ids: [MessageID]) async throws(ChatError) -> MarkReadResult {
        try await call(.PATCH, "/api/messages/mark-read", body: encode(ids))
    }

    /// The stored message carrying `clientID` among the conversation's latest 100, if any.
    public func findMessage(clientID: String, in conversationID: ConversationID) async throws(ChatError) -> Message? {
        try await messages(conversationID: conversationID, limit: 100).last { $0.clientMessageID == clientID }
    }

    // MARK: Plumbing

    func call<T: Decodable>(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, idempotent: Bool = true
    ) async throws(ChatError) -> T {
        try decode(T.self, try await send(method, path, query: query, body: body, idempotent: idempotent))
    }

    private func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?, idempotent: Bool
    ) async throws(ChatError) -> Data {
        var attempt = 0
        while true {
            do {
                return try await once(method, path, query: query, body: body)
            } catch where idempotent && error.isTemporary && attempt < retry.retries {
                attempt += 1
                try await pause(beforeRetry: attempt, after: error)
            }
        }
    }

    private func pause(beforeRetry attempt: Int, after error: ChatError) async throws(ChatError) {
        let delay = retry.delay(forAttempt: attempt, error: error, unit: Double.random(in: 0..<1))
        logger.info("retrying", metadata: ["attempt": "\(attempt)", "after": "\(error)", "delay": "\(delay)"])
        do {
            try await clock.sleep(until: clock.now + delay)
        } catch {
            throw .timeout("cancelled while waiting to retry")
        }
    }

    /// One attempt, bounded as a whole by `timeout`: a server trickling its reply cannot
    /// keep it alive, and a reply over `maxReplyBytes` is refused.
    private func once(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?)
        async throws(ChatError) -> Data
    {
        var request = HTTPClientRequest(url: server.url(path, query: query))
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token.value) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ChatClientKit/1.0")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
        let expired = ChatError.timeout("\(server.host):\(server.port) did not send its whole reply within \(seconds) s")
        return try await Deadline.run(until: clock.now + timeout, clock: clock, orThrow: expired) { [request] () async throws(ChatError) -> Data in
            try await self.exchange(request, method: method, path: path)
        }
    }

    private func exchange(_ request: HTTPClientRequest, method: HTTPMethod, path: String) async throws(ChatError) -> Data {
        let tooLarge = ChatError.misbehaving("the server's reply was larger than \(Self.maxReplyBytes >> 20) MiB; refused")
        do {
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout * 1000)), logger: logger)
            logger.debug("\(method.rawValue) \(path)", metadata: ["status": "\(response.status.code)"])
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > Self.maxReplyBytes {
                throw tooLarge
            }
            let data = Data(try await response.body.collect(upTo: Self.maxReplyBytes).readableBytesView)
            guard (200..<300).contains(Int(response.status.code)) else {
                throw RetryPolicy.screened(ChatError.from(
                    status: Int(response.status.code), body: data, retryAfter: response.headers.first(name: "Retry-After")))
            }
            return data
        } catch let error as ChatError {
            throw error
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw TransportErrors.classify(error, server: server)
        }
    }

    private func encode(_ value: some Encodable) throws(ChatError) -> Data {
        do {
            return try ChatJSON.encode(value)
        } catch {
            throw .usage("cannot encode the request: \(error)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(ChatError) -> T {
        do {
            return try ChatJSON.decode(type, from: data)
        } catch {
            let excerpt = String(decoding: data.prefix(200), as: UTF8.self)
            throw .invalidResponse("the server's reply is not what the protocol says (\(error)): \(excerpt)")
        }
    }
}
