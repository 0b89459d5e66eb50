import ChatModel
import Foundation

/// The `rooms` server frame: `{"event", "data", "timestamp", "message_id"}` as JSON text.
enum RoomsFrame {
    /// Encodes `event`; `id` becomes the frame's `message_id` (one per event, shared by its recipients).
    static func encode(_ event: RoomsEvent, at now: Date, id: UUID = .random()) -> String {
        let envelope: JSONValue = [
            "event": .string(event.name), "data": event.data, "timestamp": .string(Timestamp.format(now)),
            "message_id": .string(id.wireString),
        ]
        do {
            return String(decoding: try ChatJSON.encode(envelope), as: UTF8.self)
        } catch {
            // Only a non-finite number could get here, and no event carries one.
            let time = Timestamp.format(now)
            return #"{"data":{"error":"Frame could not be encoded"},"event":"error","#
                + #""message_id":"\#(id.wireString)","timestamp":"\#(time)"}"#
        }
    }
}
