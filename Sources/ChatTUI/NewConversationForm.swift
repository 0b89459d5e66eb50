import ChatClientKit
import Foundation

/// The "new conversation" form: customer id, channel, priority and summary, validated
/// before anything is sent.
public struct NewConversationForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case clientID, channel, priority, summary

        public var label: String {
            switch self {
            case .clientID: "Client id"
            case .channel: "Channel"
            case .priority: "Priority"
            case .summary: "Summary"
            }
        }
    }

    public static let maxSummaryLength = 200

    public internal(set) var field = Field.clientID
    public internal(set) var clientID = InputEditor(multiline: false)
    public internal(set) var channel = Conversation.Channel.web
    public internal(set) var priority = Conversation.Priority.medium
    public internal(set) var summary = InputEditor(multiline: false)
    /// Why the last submit was refused (locally or by the server).
    public internal(set) var error: String?
    public internal(set) var submitting = false

    public init() {}

    /// The draft to send, or a sentence saying what to fix.
    public func validated() -> Result<ConversationDraft, FormError> {
        let idText = clientID.text.trimmingCharacters(in: .whitespaces)
        guard !idText.isEmpty else { return .failure(FormError(field: .clientID, text: "client id is required (Ctrl-G makes one)")) }
        guard let id = UUID(uuidString: idText) else {
            return .failure(FormError(field: .clientID, text: "client id must be a UUID, like 3f2a9c1e-…"))
        }
        let summaryText = summary.text.trimmingCharacters(in: .whitespaces)
        guard summaryText.count <= Self.maxSummaryLength else {
            return .failure(
                FormError(field: .summary, text: "summary is \(summaryText.count) characters; at most \(Self.maxSummaryLength)"))
        }
        return .success(
            ConversationDraft(
                clientID: id, channel: channel, priority: priority, summary: summaryText.isEmpty ? nil : summaryText))
    }

    mutating func nextField() { field = Field(rawValue: (field.rawValue + 1) % Field.allCases.count)! }

    mutating func previousField() {
        field = Field(rawValue: (field.rawValue + Field.allCases.count - 1) % Field.allCases.count)!
    }

    /// Cycles the channel or priority choice; `step` is +1 or -1.
    mutating func cycleChoice(_ step: Int) {
        switch field {
        case .channel:
            channel = Self.cycle(Conversation.Channel.allCases, from: channel, step: step)
        case .priority:
            priority = Self.cycle([.low, .medium, .high], from: priority, step: step)
        case .clientID, .summary:
            break
        }
    }

    /// Applies an edit to the focused text field; nothing on a choice field.
    mutating func edit(_ change: (inout InputEditor) -> Void) {
        switch field {
        case .clientID: change(&clientID)
        case .summary: change(&summary)
        case .channel, .priority: break
        }
        error = nil
    }

    mutating func setClientID(_ id: UUID) {
        clientID = InputEditor(id.wireString, multiline: false)
        error = nil
    }

    private static func cycle<T: Equatable>(_ all: [T], from current: T, step: Int) -> T {
        let index = all.firstIndex(of: current) ?? 0
        return all[(index + step + all.count) % all.count]
    }
}

/// A validation problem of the form, tied to the field to fix.
public struct FormError: Error, Sendable, Equatable {
    public var field: NewConversationForm.Field
    public var text: String
}
