/// A window drawn over the panes that takes the keyboard while it is open.
public enum Overlay: Sendable, Equatable {
    /// The key list, scrolled by `scroll` rows.
    case help(scroll: Int)
    case newConversation(NewConversationForm)
    /// Quit was asked while `pending` messages wait in the outbox.
    case confirmQuit(pending: Int)
    /// The room id to join (servers without a conversation API).
    case joinRoom(InputEditor)
}
