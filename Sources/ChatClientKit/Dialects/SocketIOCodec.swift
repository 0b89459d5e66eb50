import Foundation

/// Engine.IO v4 and Socket.IO v5 over one WebSocket, default namespace only, text packets
/// only (PROTOCOLS.md §3, and the protocols' public specifications).
///
/// The handshake is the codec's: the open packet is answered with a CONNECT carrying the
/// token, the CONNECT with `register`, and its acknowledgement makes the socket `.connected`.
/// It numbers the acknowledgements it asks for and matches the answers; it answers every
/// ping, and acknowledges every event that asks (a `new_message` is sent again until it is).
struct SocketIOCodec: DialectCodec {
    /// The most a sync sends at once (the deployed servers' cap, with no "more" flag).
    static let syncCap = 1000
    /// Unanswered acknowledgements remembered, at most.
    static let maxPending = 1000

    private enum Pending: Sendable {
        case register
        case send(clientID: String)
        case sync
        case markRead
    }

    let token: String?
    let userID: String
    private var nextAckID = 1
    private var pending: [Int: Pending] = [:]
    private(set) var maxFrameBytes: Int?

    init(token: String?, userID: String) {
        self.token = token
        self.userID = userID
    }

    // MARK: Decoding

    mutating func decode(_ text: String) -> Decoded {
        guard let type = text.first else { return unrecognized(text, "an empty frame") }
        let body = text.dropFirst()
        switch type {
        case "0": return open(body, raw: text)
        case "1": return Decoded([.goingAway("the server closed the Engine.IO session")])
        case "2": return Decoded([.ping], replies: ["3" + body])
        case "3", "6": return Decoded([])
        case "4": return packet(body, raw: text)
        default: return unrecognized(text, "unknown Engine.IO packet type '\(type)'")
        }
    }

    /// The open packet: the server's ping timing and frame limit; the answer is a CONNECT.
    private mutating func open(_ body: Substring, raw: String) -> Decoded {
        guard let handshake = Self.json(body), handshake.objectValue != nil else {
            return unrecognized(raw, "the open packet is not a JSON object")
        }
        var events: [ServerEvent] = []
        if let interval = Self.milliseconds(handshake["pingInterval"]), let timeout = Self.milliseconds(handshake["pingTimeout"]) {
            events.append(.liveness(seconds: (interval + timeout) / 1000))
        }
        maxFrameBytes = handshake["maxPayload"]?.intValue.flatMap { $0 > 0 ? $0 : nil }
        let auth = token.map { Self.text(.object(["token": .string($0)])) } ?? ""
        return Decoded(events, replies: ["40" + auth])
    }

    /// A Socket.IO packet inside an Engine.IO message: type, namespace, ack id, JSON.
    private mutating func packet(_ body: Substring, raw: String) -> Decoded {
        guard let kind = body.first else { return unrecognized(raw, "an empty Socket.IO packet") }
        var rest = body.dropFirst()
        if rest.first == "/" {
            let namespace = rest.prefix { $0 != "," }
            guard namespace == "/" else { return unrecognized(raw, "namespace \(namespace) is not used") }
            rest = rest.dropFirst(namespace.count + 1)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard digits.count <= 9 else { return unrecognized(raw, "an ack id that long is not one") }
        let ackID = Int(digits)
        rest = rest.dropFirst(digits.count)
        let payload = rest.isEmpty ? nil : Self.json(rest)
        if !rest.isEmpty, payload == nil { return unrecognized(raw, "the payload is not JSON") }
        switch kind {
        case "0": return connected()
        case "1": return Decoded([.goingAway("the server disconnected the socket")])
        case "2": return event(payload, ackID: ackID, raw: raw)
        case "3": return acknowledgement(payload, ackID: ackID, raw: raw)
        case "4":
            let message = payload?["message"]?.stringValue ?? payload?.stringValue ?? "the server refused the connection"
            return Decoded([.credentialsRejected(message)])
        case "5", "6": return unrecognized(raw, "binary packets are not used")
        default: return unrecognized(raw, "unknown Socket.IO packet type '\(kind)'")
        }
    }

    /// The CONNECT succeeded: register the user; its acknowledgement completes the handshake.
    private mutating func connected() -> Decoded {
        Decoded([], replies: [emit("register", .string(userID), expecting: .register)])
    }

    private mutating func event(_ payload: JSONValue?, ackID: Int?, raw: String) -> Decoded {
        guard let arguments = payload?.arrayValue, let name = arguments.first?.stringValue else {
            return unrecognized(raw, "an event without a name")
        }
        let data = arguments.count > 1 ? arguments[1] : .object([:])
        var replies = ackID.map { ["43\($0)[]"] } ?? []
        let events: [ServerEvent]
        switch name {
        case "new_message":
            events = [newMessage(data, raw: raw)]
            if ackID == nil, data["acknowledgmentRequired"]?.boolValue == true, let id = data["messageId"]?.stringValue {
                replies.append("42" + Self.text(.array(["message_ack", .object(["messageId": .string(id)])])))
            }
        case "conversation_update":
            guard let row = data["conversation"], let conversation = try? SocketIORows.conversation(row) else {
                return Decoded([.unrecognized(raw: raw, reason: "a conversation update without a conversation")], replies: replies)
            }
            events = [.notice(.conversationUpdated(conversation))]
        case "sync_response":
            events = [syncResponse(data, raw: raw)]
        case "typing":
            guard let conversation = data["conversationId"]?.stringValue, let user = data["userId"]?.stringValue,
                  let isTyping = data["isTyping"]?.boolValue
            else { return Decoded([.unrecognized(raw: raw, reason: "a typing event without its fields")], replies: replies) }
            events = [.typing(ConversationID(conversation), userID: user, isTyping: isTyping)]
        case "notification":
            events = [.notice(.notification(
                title: data["title"]?.stringValue ?? "", message: data["message"]?.stringValue ?? "",
                level: data["type"]?.stringValue ?? "info"))]
        case "heartbeat":
            events = [.ping]
        case "error":
            events = [.error(Self.classify(data["message"]?.stringValue ?? data.stringValue ?? "unspecified server error"))]
        default:
            events = [.unrecognized(raw: raw, reason: "unknown event '\(name)'")]
        }
        return Decoded(events, replies: replies)
    }

    /// seed 002's WebSocketMessage; it does not say who wrote it, and these events bring the
    /// customers' messages, so it counts as the customer's until history says otherwise.
    private func newMessage(_ data: JSONValue, raw: String) -> ServerEvent {
        guard let id = data["messageId"]?.stringValue, let conversation = data["conversationId"]?.stringValue,
              let content = data["content"]?.stringValue, let time = data["timestamp"]?.stringValue.flatMap(Timestamp.parse)
        else { return .unrecognized(raw: raw, reason: "a new_message without messageId, conversationId, content or timestamp") }
        var metadata: [String: JSONValue] = [:]
        if let contact = data["contactId"]?.stringValue { metadata["sender_id"] = .string(contact) }
        return .newMessage(Message(
            id: MessageID(id), conversationID: ConversationID(conversation), sender: .client,
            kind: data["messageType"]?.stringValue.flatMap(Message.Kind.init(rawValue:)) ?? .text, content: content,
            metadata: metadata.isEmpty ? nil : metadata, timestamp: time, createdAt: time))
    }

    private func syncResponse(_ data: JSONValue, raw: String) -> ServerEvent {
        guard let rows = data["messages"]?.arrayValue else {
            return .unrecognized(raw: raw, reason: "a sync_response without messages")
        }
        var messages: [Message] = []
        for row in rows {
            do throws(SocketIORows.Missing) {
                messages.append(try SocketIORows.message(row))
            } catch {
                return .unrecognized(raw: raw, reason: "a synced message: \(error.reason)")
            }
        }
        return .synced(SyncBatch(messages: messages, token: data["syncTimestamp"]?.stringValue, cap: Self.syncCap))
    }

    private mutating func acknowledgement(_ payload: JSONValue?, ackID: Int?, raw: String) -> Decoded {
        guard let ackID, let asked = pending.removeValue(forKey: ackID) else {
            return unrecognized(raw, "an acknowledgement of nothing this client asked")
        }
        let answer = payload?[0] ?? .object([:])
        let success = answer["success"]?.boolValue ?? false
        let error = answer["error"]?.stringValue ?? answer["message"]?.stringValue
        switch asked {
        case .register:
            return Decoded([success ? .connected(conversationID: nil, userID: userID)
                : .credentialsRejected(error ?? "the server refused to register \(userID)")])
        case .send(let clientID):
            guard success else {
                return Decoded([.acknowledged(Acknowledgement(clientID: clientID, refusal: Self.classify(error ?? "the server refused the message")))])
            }
            let stored = answer["message"].flatMap { try? SocketIORows.message($0) }
            return Decoded([.acknowledged(Acknowledgement(clientID: clientID, messageID: stored?.id, stored: stored))])
        case .sync:
            return Decoded(success ? [] : [.error(ServerError(kind: .rejected, message: error ?? "the sync was refused"))])
        case .markRead:
            return Decoded([])
        }
    }

    // MARK: Encoding

    mutating func encode(_ command: ClientCommand, date: Date) -> String? {
        switch command {
        case .send(let entry):
            let data: JSONValue = .object([
                "conversationId": .string(entry.conversationID.rawValue), "content": .string(entry.content),
                "clientMessageId": .string(entry.id), "messageType": .string(entry.kind.rawValue),
            ])
            return emit("send_message", data, expecting: .send(clientID: entry.id))
        case .typing(let id, let isTyping):
            return "42" + Self.text(.array(["typing", .object(["conversationId": .string(id.rawValue), "isTyping": .bool(isTyping)])]))
        case .markRead(let id, let messages):
            let data: JSONValue = .object([
                "conversationId": .string(id.rawValue), "messageIds": .array(messages.map { .string($0.rawValue) }),
            ])
            return emit("mark_read", data, expecting: .markRead)
        case .sync(let since):
            let timestamp = switch since {
            case .token(let token): token
            case .time(let date): Self.timestamp(date)
            }
            return emit("sync_request", .object(["lastSyncTimestamp": .string(timestamp)]), expecting: .sync)
        case .join, .heartbeat:
            return nil
        }
    }

    /// An EVENT packet asking for an acknowledgement, which `asked` will be matched with.
    private mutating func emit(_ name: String, _ data: JSONValue, expecting asked: Pending) -> String {
        let id = nextAckID
        nextAckID = nextAckID == 999_999_999 ? 1 : nextAckID + 1
        pending[id] = asked
        if pending.count > Self.maxPending, let oldest = pending.keys.min() { pending.removeValue(forKey: oldest) }
        return "42\(id)" + Self.text(.array([.string(name), data]))
    }

    // MARK: Helpers

    static func classify(_ text: String) -> ServerError {
        let lowered = text.lowercased()
        if lowered.contains("closed") { return ServerError(kind: .conversationClosed, message: text) }
        if lowered.contains("rate limit") { return ServerError(kind: .rateLimited, message: text) }
        return ServerError(kind: .rejected, message: text)
    }

    /// A time as these servers write theirs, to the millisecond (`2025-11-18T14:01:02.123Z`),
    /// rounded down: a cursor compared as text or as a time then never skips a row.
    static func timestamp(_ date: Date) -> String {
        let micro = Timestamp.format(date)
        return micro.dropLast(4) + "Z"
    }

    private static func json(_ text: Substring) -> JSONValue? {
        try? JSONValue(parsing: text)
    }

    private static func text(_ value: JSONValue) -> String {
        value.jsonText ?? "null"
    }

    /// A duration in milliseconds from the server, if it is a sane one (up to a day).
    private static func milliseconds(_ value: JSONValue?) -> Double? {
        guard case .number(let number)? = value, number.isFinite, number >= 0, number <= 86_400_000 else { return nil }
        return number
    }

    private func unrecognized(_ raw: String, _ reason: String) -> Decoded {
        Decoded([.unrecognized(raw: raw, reason: reason)])
    }
}
