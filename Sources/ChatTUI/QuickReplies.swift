import ChatClientKit

extension Message {
    /// The answers a bot offered with this message (`metadata.quick_replies`), at most nine:
    /// Alt+1…9 puts one in the input.
    public var quickReplies: [String] {
        guard let offered = metadata?["quick_replies"]?.arrayValue else { return [] }
        return Array(offered.compactMap(\.stringValue).filter { !$0.isEmpty }.prefix(9))
    }
}

extension ConversationBuffer {
    /// The quick replies of the newest message that offered any.
    var latestQuickReplies: [String] {
        timeline.messages.last { !$0.quickReplies.isEmpty }?.quickReplies ?? []
    }
}
