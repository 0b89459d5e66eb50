import Foundation

/// Who stores a message and through which door: kept with the message, so that the per-user
/// rate limit is a count of the author's recent messages in the database (it then holds across
/// instances), and so that other instances can tell the rooms sockets who sent it.
struct MessageAuthor: Sendable, Equatable {
    /// The token's `sub`, the rooms user id, a demo customer's id, or `bot`.
    let userID: String
    let origin: MessageOrigin
    /// The limit to enforce before storing; nil stores without one (the bot, demo seeds).
    let quota: MessageQuota?
}

/// The door a message came through; stored as `origin` (+ `origin_role`).
enum MessageOrigin: Sendable, Equatable {
    /// REST, a `conversations` socket or a demo customer.
    case conversations
    /// A `rooms` socket of the given role.
    case rooms(RoomRole)
    /// The rooms bot's answer.
    case bot

    /// The stored `origin` column; rate limits count messages with the same value.
    var column: String {
        switch self {
        case .conversations: "conversations"
        case .rooms: "rooms"
        case .bot: "bot"
        }
    }

    var roleColumn: String? {
        if case .rooms(let role) = self { return role.rawValue }
        return nil
    }

    /// The stored columns back; nil for rows written before origins were kept.
    init?(column: String?, role: String?) {
        switch column {
        case "conversations": self = .conversations
        case "bot": self = .bot
        case "rooms":
            guard let role = role.flatMap(RoomRole.init(rawValue:)) else { return nil }
            self = .rooms(role)
        default: return nil
        }
    }
}

/// At most `limit` messages of one author and origin within `window`.
struct MessageQuota: Sendable, Equatable {
    let limit: Int
    let window: Duration

    /// The decision once the store found `newest`, the author's `limit`-th newest message time
    /// within the window (nil when they have fewer): refused until that message leaves the window.
    func retryAfter(limitthNewest newest: Date?, now: Date) -> Duration? {
        guard let newest else { return nil }
        let leaves = newest.addingTimeInterval(window.seconds)
        let wait = leaves.timeIntervalSince(now)
        return .microseconds(Int64((max(wait, 0.000_001) * 1_000_000).rounded(.up)))
    }

    /// Messages created after this instant count against the quota.
    func windowStart(now: Date) -> Date {
        now.addingTimeInterval(-window.seconds)
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
