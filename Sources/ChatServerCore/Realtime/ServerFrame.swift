import ChatModel
import Foundation

/// Server → client frames of the `conversations` dialect: `{"type", "payload", "timestamp"}` as JSON text.
enum ServerFrame {
    static func connected(conversationID: ConversationID, userID: String, at now: Date) -> String {
        let time = Timestamp.format(now)
        return encode("connected", ["conversation_id": conversationID.rawValue, "user_id": userID, "timestamp": time], time)
    }

    static func presence(userID: String, online: Bool, at now: Date) -> String {
        let time = Timestamp.format(now)
        return encode("presence_update", ["user_id": userID, "status": online ? "online" : "offline", "timestamp": time], time)
    }

    static func typing(userID: String, started: Bool, at now: Date) -> String {
        let time = Timestamp.format(now)
        return encode(started ? "user_typing" : "user_stopped_typing", ["user_id": userID, "timestamp": time], time)
    }

    /// Written by `JSONValue.jsonText` (the same bytes as the encoder, at a fraction of its cost:
    /// one per message and socket).
    static func newMessage(_ message: Message, at now: Date) -> String {
        let time = Timestamp.format(now)
        let frame = JSONValue.object(["type": .string("new_message"), "payload": message.jsonValue, "timestamp": .string(time)])
        return frame.jsonText ?? unencodable(at: time)
    }

    static func error(_ text: String, at now: Date) -> String {
        let time = Timestamp.format(now)
        return encode("error", ["error": text, "timestamp": time], time)
    }

    /// `{"type": "ping", "timestamp"}`: no payload, no reply expected.
    static func ping(at now: Date) -> String {
        encode("ping", nil as [String: String]?, Timestamp.format(now))
    }

    private struct Envelope<Payload: Encodable>: Encodable {
        let type: String
        let payload: Payload?
        let timestamp: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encodeIfPresent(payload, forKey: .payload)
            try c.encode(timestamp, forKey: .timestamp)
        }

        enum CodingKeys: String, CodingKey { case type, payload, timestamp }
    }

    private static func encode<Payload: Encodable>(_ type: String, _ payload: Payload?, _ time: String) -> String {
        do {
            return String(decoding: try ChatJSON.encode(Envelope(type: type, payload: payload, timestamp: time)), as: UTF8.self)
        } catch {
            return unencodable(at: time)
        }
    }

    /// In place of a frame with a non-finite number in stored metadata, the only thing that
    /// cannot be written.
    private static func unencodable(at time: String) -> String {
        #"{"payload":{"error":"Frame could not be encoded","timestamp":"\#(time)"},"timestamp":"\#(time)","type":"error"}"#
    }
}
