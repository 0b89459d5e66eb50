import ChatModel

/// Which users have sockets in which conversations on this instance, and what the database
/// has not been told yet. A pure value: the presence worker takes the changes and writes
/// them; after a reconnect every present user is written again.
struct PresenceLedger: Sendable {
    struct Key: Hashable, Sendable {
        let conversationID: ConversationID
        let userID: String
    }

    /// A change to write: the user is here or gone; `announce` also tells the other instances
    /// the user came online (every join does, as on a single instance).
    struct Change: Equatable, Sendable {
        let key: Key
        let present: Bool
        let announce: Bool
    }

    private(set) var present: Set<Key> = []
    /// Keys to write, with whether to announce them.
    private(set) var unwritten: [Key: Bool] = [:]

    /// The first socket of the user in the conversation opened here, or their last one closed.
    mutating func set(_ key: Key, present isPresent: Bool) {
        if isPresent {
            present.insert(key)
            unwritten[key] = true
        } else {
            present.remove(key)
            unwritten[key] = false
        }
    }

    /// After the database lost this instance's presence (a reconnect): write every present
    /// key again, announcing only those the database had announced offline meanwhile.
    mutating func rewriteEverything() {
        for key in present where unwritten[key] == nil {
            unwritten[key] = false
        }
    }

    /// The changes to write now, clearing them.
    mutating func take() -> [Change] {
        let changes = unwritten.map { key, announce in
            Change(key: key, present: present.contains(key), announce: announce && present.contains(key))
        }
        unwritten = [:]
        return changes
    }

    /// Writing failed: keep the changes for the next attempt (newer changes win).
    mutating func retry(_ changes: [Change]) {
        for change in changes where unwritten[change.key] == nil {
            unwritten[change.key] = change.announce
        }
    }
}
