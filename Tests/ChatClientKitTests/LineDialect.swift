import ChatClientKit
import Foundation

/// A per-user dialect made up for the engine's tests, in plain words so a test reads like
/// the conversation on the wire. It has what the `conversations` dialect lacks: one socket
/// for every conversation, joins the server confirms, client heartbeats, and pings that
/// must be answered.
///
/// Server → client: `hello USER`, `joined CONV`, `ping`, `msg CONV ID CLIENT_ID|- SENDER TEXT`,
/// `typing CONV USER on|off`, `error TEXT`. Client → server: `pong`, `join CONV`,
/// `send CONV CLIENT_ID TEXT`, `typing CONV on|off`, `read CONV ID...`, `heartbeat`.
struct LineDialect: Dialect {
    let name = "lines"
    let shape: DialectShape

    init(acknowledgement: DialectShape.Acknowledgement = .echo, catchUp: DialectShape.CatchUp = .restHistory) {
        shape = DialectShape(
            topology: .socketPerUser, joins: .confirmed, acknowledgement: acknowledgement, catchUp: catchUp,
            closeCodes: [4001: .authentication, 1000: .normal], clientHeartbeats: true)
    }

    let capabilities = DialectCapabilities.socketOnly
    let requiresToken = true

    func checkIdentity(of settings: ClientSettings) throws(ChatError) {}

    func socketURL(for socket: SocketKey, settings: ClientSettings) -> String {
        "ws://\(settings.server.host):\(settings.server.port)/lines?token=\(settings.token?.value ?? "")"
    }

    func makeCodec(for socket: SocketKey, credentials: SocketCredentials) -> any DialectCodec { LineCodec() }

    func validate(conversationID: String) throws(ChatError) -> ConversationID { ConversationID(conversationID) }

    /// The time every message of this dialect carries.
    static let messageTime = Date(timeIntervalSince1970: 1_763_474_400)
}

struct LineCodec: DialectCodec {
    func decode(_ text: String) -> Decoded {
        let words = text.split(separator: " ", maxSplits: 5).map(String.init)
        switch (words.first, words.count) {
        case ("hello", 2): return Decoded([.connected(conversationID: nil, userID: words[1])])
        case ("joined", 2): return Decoded([.joined(ConversationID(words[1]))])
        case ("ping", 1): return Decoded([.ping], replies: ["pong"])
        case ("msg", 6):
            return Decoded([
                .newMessage(
                    Message(
                        id: MessageID(words[2]), conversationID: ConversationID(words[1]),
                        sender: Message.Sender(rawValue: words[4]) ?? .system, content: words[5],
                        metadata: words[3] == "-" ? nil : [Message.clientMessageIDKey: .string(words[3])],
                        timestamp: LineDialect.messageTime, createdAt: LineDialect.messageTime))
            ])
        case ("typing", 4):
            return Decoded([.typing(ConversationID(words[1]), userID: words[2], isTyping: words[3] == "on")])
        case ("error", _): return Decoded([.error(ServerError(kind: .rejected, message: String(text.dropFirst(6))))])
        default: return Decoded([.unrecognized(raw: text, reason: "not a line of this dialect")])
        }
    }

    func encode(_ command: ClientCommand, date: Date) -> String? {
        switch command {
        case .send(let entry): "send \(entry.conversationID) \(entry.id) \(entry.content)"
        case .typing(let id, let isTyping): "typing \(id) \(isTyping ? "on" : "off")"
        case .markRead(let id, let ids): "read \(id) " + ids.map(\.rawValue).joined(separator: " ")
        case .join(let id): "join \(id)"
        case .heartbeat: "heartbeat"
        case .sync(.token(let token)): "sync \(token)"
        case .sync(.time(let date)): "sync \(Timestamp.format(date))"
        }
    }
}
