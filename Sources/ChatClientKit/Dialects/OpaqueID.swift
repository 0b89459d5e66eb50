import Foundation

/// Ids that servers treat as opaque strings (user ids, room and conversation ids on `rooms`
/// and `socketio` servers): checked only for what would break a URL or a terminal.
enum OpaqueID {
    static let rule = "up to 128 characters without spaces, '/', '?', '#', '%' or control characters"

    static func isUsable(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128
            && !text.unicodeScalars.contains {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control || "/?#%".unicodeScalars.contains($0)
            }
    }

    /// The settings' user id, which a per-user socket names; `how` says where it comes from.
    static func checkUser(of settings: ClientSettings, dialect: String, how: String) throws(ChatError) {
        guard let user = settings.userID else { throw .usage("the \(dialect) dialect needs a user id: \(how)") }
        guard isUsable(user) else { throw .usage("'\(user)' is not a usable user id: \(rule)") }
    }

    /// A typed conversation id, trimmed; `noun` names it in the error ("room id").
    static func conversation(_ text: String, noun: String) throws(ChatError) -> ConversationID {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard isUsable(trimmed) else { throw .usage("'\(text)' is not a \(noun): \(rule)") }
        return ConversationID(trimmed)
    }
}
