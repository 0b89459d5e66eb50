import ChatClientKit
import Foundation

/// Work the app asks the runtime to do; results come back as `AppEvent`s.
public enum Effect: Sendable, Equatable {
    case loadList(ListRequest)
    case loadPreview(ConversationID)
    /// Starts the live session of a conversation (once per run).
    case openSession(ConversationID, customerID: String?)
    case loadHistory(ConversationID, before: HistoryAnchor?, limit: Int)
    /// Writes a message to the outbox, then hands it to the conversation's session.
    case send(ConversationID, String)
    case retry(ConversationID, clientIDs: [String])
    case discard(ConversationID, clientIDs: [String])
    /// The agent typed in the conversation's input (the session throttles what it sends).
    case typed(ConversationID)
    case clearedInput(ConversationID)
    case reconnect([ConversationID])
    case markRead(ConversationID)
    case setStatus(ConversationID, Conversation.Status)
    case create(ConversationDraft)
    case generateClientID
    case loadStoredOutbox
    case bell
    /// Repaints the whole terminal (Ctrl-L).
    case redraw
    case quit
}
