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

/// At most `limit` messages of one author and origin within `window`, counted in
/// `slicesPerWindow` time slices: the store keeps one counter per author, origin and slice
/// (a constant amount of work per message, however busy the author), and a message leaves
/// the window with its slice, up to one slice before exactly `window` has passed.
struct MessageQuota: Sendable, Equatable {
    let limit: Int
    let window: Duration

    static let slicesPerWindow: Int64 = 60

    /// The length of a slice in microseconds.
    var sliceMicros: Int64 {
        max(Int64((window.seconds * 1_000_000).rounded()) / Self.slicesPerWindow, 1)
    }

    /// The slice `now` falls in.
    func slice(at now: Date) -> Int64 {
        MicroTime.micros(now) / sliceMicros
    }

    /// The oldest slice still counted at `now`.
    func firstCountedSlice(at now: Date) -> Int64 {
        slice(at: now) - Self.slicesPerWindow + 1
    }

    /// The decision once the store found `slice`, the newest slice at which the author's
    /// counted messages reach `limit` (nil when they have fewer): refused until that slice
    /// leaves the window.
    func retryAfter(limitReachedAt slice: Int64?, now: Date) -> Duration? {
        guard let slice else { return nil }
        let leaves = (slice + Self.slicesPerWindow) * sliceMicros
        return .microseconds(max(leaves - MicroTime.micros(now), 1))
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
