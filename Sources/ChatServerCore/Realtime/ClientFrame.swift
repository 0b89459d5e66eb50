import ChatModel
import Foundation

/// A client → server frame of the `conversations` dialect, parsed and validated.
enum ClientFrame: Equatable {
    case sendMessage(content: String, kind: Message.Kind, metadata: [String: JSONValue]?)
    case typingStart
    case typingStop
    case markRead([MessageID])

    /// Parses one text frame; the error's text is what the `error` frame carries.
    static func parse(_ text: String, rules: MessageRules) -> Result<ClientFrame, ClientFrameError> {
        guard let value = try? JSONValue(parsing: text),
              case .object(let object) = value
        else { return .failure(.invalidJSON) }
        guard case .string(let type)? = object["type"] else { return .failure(.missingType) }
        let payload: [String: JSONValue]
        switch object["payload"] {
        case .object(let fields)?: payload = fields
        case nil, .null?: payload = [:]
        default: return .failure(.invalidPayload("payload must be an object"))
        }
        switch type {
        case "send_message": return sendMessage(payload, rules: rules)
        case "typing_start": return .success(.typingStart)
        case "typing_stop": return .success(.typingStop)
        case "mark_read": return markRead(payload)
        default: return .failure(.unknownType(type))
        }
    }

    private static func sendMessage(_ payload: [String: JSONValue], rules: MessageRules) -> Result<ClientFrame, ClientFrameError> {
        guard case .string(let content)? = payload["content"] else {
            return .failure(.invalidPayload("content must be a string"))
        }
        if let problem = rules.problem(with: content) {
            return .failure(.invalidPayload(problem))
        }
        var kind = Message.Kind.text
        switch payload["type"] {
        case nil, .null?: break
        case .string(let raw)?:
            guard let parsed = Message.Kind(rawValue: raw) else {
                return .failure(.invalidPayload("type must be one of \(Message.Kind.validValues)"))
            }
            kind = parsed
        default: return .failure(.invalidPayload("type must be one of \(Message.Kind.validValues)"))
        }
        switch payload["metadata"] {
        case nil, .null?: return .success(.sendMessage(content: content, kind: kind, metadata: nil))
        case .object(let metadata)?: return .success(.sendMessage(content: content, kind: kind, metadata: metadata))
        default: return .failure(.invalidPayload("metadata must be an object"))
        }
    }

    private static func markRead(_ payload: [String: JSONValue]) -> Result<ClientFrame, ClientFrameError> {
        guard case .array(let values)? = payload["message_ids"] else {
            return .failure(.invalidPayload("message_ids must be an array of message ids"))
        }
        var ids: [MessageID] = []
        for value in values {
            guard case .string(let text) = value, let id = UUID.wireForm(of: text) else {
                return .failure(.invalidPayload("message_ids must be an array of message ids"))
            }
            ids.append(MessageID(id))
        }
        return .success(.markRead(ids))
    }
}

/// Why a client frame was refused; `text` goes into the `error` frame.
enum ClientFrameError: Error, Equatable {
    case invalidJSON
    case missingType
    case unknownType(String)
    case invalidPayload(String)

    var text: String {
        switch self {
        case .invalidJSON: "Invalid JSON format"
        case .missingType: "Missing message type"
        case .unknownType(let type): "Unknown message type: \(type)"
        case .invalidPayload(let problem): "Invalid payload: \(problem)"
        }
    }
}
