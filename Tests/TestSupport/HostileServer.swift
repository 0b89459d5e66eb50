import ChatClientKit
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// A broken or hostile `conversations` server on a free port of 127.0.0.1, for tests of the
/// client's bounds. It serves one conversation (`conversationID`): `GET /api/conversations`,
/// `GET /api/conversations/{id}`, `GET /api/messages` and the socket at `/ws/{id}`, each
/// answered as its `Behaviour` says; what a behaviour leaves alone is answered correctly.
public final class HostileServer: Sendable {
    public enum Behaviour: Sendable {
        /// Every REST reply: the head at once, then the body one byte every `interval`.
        case trickle(interval: Duration)
        /// Every REST reply: a 200 whose body has `bytes` bytes, streamed without a length.
        case hugeBody(bytes: Int)
        /// Every REST reply: a 429 (or `status`) with this `Retry-After` header.
        case retryAfter(String, status: Int = 429)
        /// The list is the same page whatever page is asked, always with `has_next`; history
        /// is the same `limit` messages whatever `before_id` is asked.
        case samePage
        /// The conversation's `unread_count` is this.
        case unreadCount(Int)
        /// The socket says `connected`, then `user_typing` from `users` distinct users at once.
        case typingBurst(users: Int)
        /// The socket says `connected`, then these frames, as they are but for `placeholder`,
        /// which becomes the conversation's id.
        case frames([String], placeholder: String)
        /// The socket says `connected`, then `count` distinct `new_message` frames at once.
        case messageBurst(count: Int)
        /// The list holds `count` conversations, all on whatever page is asked (the first is `conversationID`).
        case manyConversations(count: Int)
        /// The conversation's summary and the one message of its history are each `bytes` long
        /// (words and spaces), so each REST reply is that big and well formed.
        case hugeFields(bytes: Int)
    }

    public let port: Int
    public let conversationID: ConversationID
    private let task: Task<Void, any Error>

    public var url: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, conversationID: ConversationID, task: Task<Void, any Error>) {
        self.port = port
        self.conversationID = conversationID
        self.task = task
    }

    deinit {
        task.cancel()
    }

    /// Starts listening; throws if it is not listening within 15 s.
    public static func start(_ behaviour: Behaviour) async throws -> HostileServer {
        // Built on a thread of its own: some behaviours encode megabytes, and the test
        // runner's cooperative threads (one per core) run every other test's clients.
        let replies = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: HostileReplies(behaviour: behaviour)) }.start()
        }
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.get("api/conversations") { request, _ in
            try replies.rest { replies.list(limit: request.uri.queryParameters.get("limit", as: Int.self) ?? 20) }
        }
        router.get("api/conversations/{id}") { _, _ in
            try replies.rest { try replies.encodedConversation ?? ChatJSON.encode(replies.conversation) }
        }
        router.get("api/messages") { request, _ in
            try replies.rest { replies.history(limit: request.uri.queryParameters.get("limit", as: Int.self) ?? 50) }
        }
        router.ws("ws/{conversation_id}") { inbound, outbound, _ in
            for frame in replies.socketFrames() { try await outbound.write(.text(frame)) }
            for try await _ in inbound {}
        }
        let ports = Mailbox<Int>()
        var logger = Logger(label: "hostile-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.push(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task { try await app.run() }
        guard let port = try await ports.next(timeout: .seconds(15), waitingFor: "the hostile server to listen") else {
            throw FixtureError("the hostile server stopped before listening")
        }
        return HostileServer(port: port, conversationID: replies.conversation.id, task: task)
    }

    /// Stops listening and closes its connections.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// What `HostileServer` answers, decided from its behaviour.
private struct HostileReplies: Sendable {
    let behaviour: HostileServer.Behaviour
    let conversation: Conversation
    /// The history a `samePage` server repeats, as many as any limit asks.
    private let messageIDs: [MessageID]
    private let manyPage: Data?
    /// The huge replies of `hugeFields`, encoded once: encoding 20 MB on every request took
    /// the test runner's cooperative threads from other tests for seconds.
    private let hugeList: Data?
    private let hugeHistory: Data?
    let encodedConversation: Data?

    init(behaviour: HostileServer.Behaviour) {
        self.behaviour = behaviour
        let epoch = Date(timeIntervalSince1970: 1_750_000_000)
        var unread = 0
        if case .unreadCount(let count) = behaviour { unread = count }
        let summary = "hostile"
        conversation = Conversation(
            id: ConversationID(UUID()), clientID: UUID().wireString, status: .active, channel: .web, summary: summary,
            unreadCount: unread, startDate: epoch, lastUpdate: epoch, createdAt: epoch, updatedAt: epoch)
        messageIDs = (0..<100).map { _ in MessageID(UUID()) }
        if case .manyConversations(let count) = behaviour {
            manyPage = Self.manyPage(conversation, count: count)
        } else {
            manyPage = nil
        }
        if case .hugeFields(let bytes) = behaviour {
            // Encoded small, then the huge text spliced in: JSONEncoder on 20 MB took seconds
            // of the test runner's few cooperative threads from every other test.
            let message = Message(
                id: messageIDs[0], conversationID: conversation.id, sender: .client, content: "enormous",
                timestamp: epoch, createdAt: epoch)
            let content = Self.words("enormous", bytes: bytes)
            let summary = Self.words("hostile", bytes: bytes)
            hugeHistory = Self.splice(try? ChatJSON.encode([message]), #""enormous""#, with: content)
            hugeList = Self.splice(
                try? ChatJSON.encode(Page(items: [conversation], total: 1, page: 1, limit: 1, hasNext: false)), #""hostile""#,
                with: summary)
            encodedConversation = Self.splice(try? ChatJSON.encode(conversation), #""hostile""#, with: summary)
        } else {
            (hugeHistory, hugeList, encodedConversation) = (nil, nil, nil)
        }
    }

    /// A REST reply: `body` as JSON, unless the behaviour breaks every REST reply.
    func rest(_ body: () throws -> Data) throws -> Response {
        let json: HTTPFields = [.contentType: "application/json"]
        switch behaviour {
        case .trickle(let interval):
            let bytes = Array(String(repeating: " ", count: 200).utf8) + Array(try body())
            return Response(status: .ok, headers: json, body: ResponseBody { writer in
                for byte in bytes {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    try await Task.sleep(for: interval)
                }
                try await writer.finish(nil)
            })
        case .hugeBody(let count):
            return Response(status: .ok, headers: json, body: ResponseBody { writer in
                let chunk = ByteBuffer(repeating: UInt8(ascii: " "), count: 1 << 20)
                for _ in 0..<(count >> 20) { try await writer.write(chunk) }
                try await writer.finish(nil)
            })
        case .retryAfter(let header, let status):
            var headers = json
            headers[.retryAfter] = header
            return Response(
                status: .init(code: status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: #"{"detail":"slow down"}"#)))
        case .samePage, .unreadCount, .typingBurst, .frames, .messageBurst, .manyConversations, .hugeFields:
            return Response(status: .ok, headers: json, body: .init(byteBuffer: ByteBuffer(data: try body())))
        }
    }

    /// A page of the list: the one conversation, and "more" when the behaviour repeats pages.
    func list(limit: Int) -> Data {
        if let page = manyPage ?? hugeList { return page }
        var hasNext = false
        if case .samePage = behaviour { hasNext = true }
        let page = Page(items: [conversation], total: hasNext ? 1_000 : 1, page: 1, limit: limit, hasNext: hasNext)
        return (try? ChatJSON.encode(page)) ?? Data()
    }

    /// The `manyConversations` list, encoded once: each encoding of tens of thousands is
    /// seconds of CPU on the test runner's cooperative threads, and chat-tui refreshes.
    private static func manyPage(_ conversation: Conversation, count: Int) -> Data {
        let items = [conversation] + (1..<max(count, 1)).map { index in
            var other = conversation
            other.id = ConversationID(UUID())
            other.summary = "listed \(index)"
            other.lastUpdate = conversation.lastUpdate.addingTimeInterval(-Double(index))
            return other
        }
        let page = Page(items: items, total: items.count, page: 1, limit: items.count, hasNext: false)
        return (try? ChatJSON.encode(page)) ?? Data()
    }

    /// `first`, then words until the text is `bytes` long (nothing JSON would escape).
    private static func words(_ first: String, bytes: Int) -> String {
        first + String(repeating: " lorem", count: max(bytes - first.utf8.count, 0) / 6)
    }

    /// `json` with the string literal `literal` (quotes included) replaced by `text` quoted.
    private static func splice(_ json: Data?, _ literal: String, with text: String) -> Data? {
        guard var json, let range = json.range(of: Data(literal.utf8)) else { return nil }
        json.replaceSubrange(range, with: Data(("\"" + text + "\"").utf8))
        return json
    }

    /// A page of history: the same `limit` messages when the behaviour repeats pages, one
    /// huge message for `hugeFields`, else none.
    func history(limit: Int) -> Data {
        if let hugeHistory { return hugeHistory }
        guard case .samePage = behaviour else { return Data("[]".utf8) }
        let epoch = Date(timeIntervalSince1970: 1_750_000_000)
        let messages = messageIDs.prefix(max(limit, 0)).enumerated().map { index, id in
            Message(
                id: id, conversationID: conversation.id, sender: .client, content: "again \(index)",
                timestamp: epoch.addingTimeInterval(Double(index)), createdAt: epoch.addingTimeInterval(Double(index)))
        }
        return (try? ChatJSON.encode(messages)) ?? Data()
    }

    /// The frames the socket sends on connecting.
    func socketFrames() -> [String] {
        let id = conversation.id.rawValue
        var frames = [#"{"type":"connected","payload":{"user_id":"watcher","conversation_id":"\#(id)"}}"#]
        if case .typingBurst(let users) = behaviour {
            frames += (0..<users).map { #"{"type":"user_typing","payload":{"user_id":"typist-\#($0)"}}"# }
        }
        if case .frames(let extra, let placeholder) = behaviour {
            frames += extra.map { $0.replacingOccurrences(of: placeholder, with: id) }
        }
        if case .messageBurst(let count) = behaviour {
            // Written out rather than through JSONEncoder: tens of thousands of encodings are
            // seconds of CPU on the test runner's cooperative threads, which other tests'
            // sockets need meanwhile. Message i is i ms after 2025-06-15T15:06:40Z.
            frames += (0..<count).map { index in
                let seconds = 40 + index / 1_000
                let time = String(format: "2025-06-15T15:%02d:%02d.%03dZ", 6 + seconds / 60, seconds % 60, index % 1_000)
                return #"{"type":"new_message","payload":{"id":"\#(UUID().uuidString.lowercased())","conversation_id":"\#(id)","#
                    + #""sender":"client","type":"text","content":"burst \#(index)","timestamp":"\#(time)","#
                    + #""created_at":"\#(time)","is_read":false}}"#
            }
        }
        return frames
    }
}
