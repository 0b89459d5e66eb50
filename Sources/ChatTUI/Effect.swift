import ChatClientKit
import Foundation

/// Work the app asks the runtime to do; results come back as `AppEvent`s.
public enum Effect: Sendable, Equatable {
    case loadList(ListRequest)
    case loadPreview(UUID)
    /// Starts the live session of a conversation (once per run).
    case openSession(UUID, customerID: UUID?)
    case loadHistory(UUID, before: UUID?, limit: Int)
    /// Writes a message to the outbox, then hands it to the conversation's session.
    case send(UUID, String)
    case retry(UUID, clientIDs: [String])
    case discard(UUID, clientIDs: [String])
    /// The agent typed in the conversation's input (the session throttles what it sends).
    case typed(UUID)
    case clearedInput(UUID)
    case reconnect([UUID])
    case markRead(UUID)
    case setStatus(UUID, Conversation.Status)
    case create(ConversationDraft)
    case generateClientID
    case loadStoredOutbox
    case bell
    /// Repaints the whole terminal (Ctrl-L).
    case redraw
    case quit
}
