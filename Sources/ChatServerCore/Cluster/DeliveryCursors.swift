import ChatModel

/// Which messages this instance has delivered to its sockets, per conversation it watches
/// (has sockets in), and which conversations it must catch up on. A pure value: the
/// dispatcher feeds it notifications and fetched rows; it answers what to fetch and what to
/// deliver.
///
/// Appends to a conversation are serialized in the database, so its messages commit in `seq`
/// order: "everything after `seq` N" is exact, notifications are only hints that something
/// newer exists, and a lost notification (the listener was disconnected) is made up for by
/// catching up on every watched conversation from its cursor.
struct DeliveryCursors: Sendable {
    /// The last delivered (or, for a socket that just joined, already present) `seq` per conversation.
    private(set) var cursors: [ConversationID: Int64] = [:]
    /// Conversations to catch up on, with the lowest notified `seq` (used when there is no cursor yet).
    private(set) var pending: [ConversationID: Int64] = [:]

    /// A socket here joined when the conversation's latest message was `position`: messages
    /// after it are theirs. Beside other sockets the cursor stays where it is: they still need
    /// what was committed up to `position` and not yet delivered (the newcomer may then get a
    /// message it also reads in history; clients drop a repeated id). A cursor left by sockets
    /// gone since is replaced, never moved back.
    mutating func watch(_ conversationID: ConversationID, from position: Int64, besideOthers: Bool) {
        if besideOthers, cursors[conversationID] != nil { return }
        cursors[conversationID] = max(cursors[conversationID] ?? position, position)
    }

    /// A message was committed in a conversation this instance watches.
    mutating func notified(_ conversationID: ConversationID, seq: Int64) {
        pending[conversationID] = min(pending[conversationID] ?? seq, seq)
    }

    /// After the listener (re)connected: notifications may have been missed for any watched conversation.
    mutating func catchUpEverything() {
        for (conversationID, cursor) in cursors {
            pending[conversationID] = min(pending[conversationID] ?? cursor + 1, cursor + 1)
        }
    }

    /// The conversations to fetch and the `seq` after which to fetch each, clearing them from
    /// `pending`. Conversations no longer watched are forgotten.
    mutating func takeRequests(isWatched: (ConversationID) -> Bool) -> [ConversationID: Int64] {
        var requests: [ConversationID: Int64] = [:]
        for (conversationID, lowest) in pending {
            if isWatched(conversationID) {
                requests[conversationID] = cursors[conversationID] ?? lowest - 1
            } else {
                cursors.removeValue(forKey: conversationID)
            }
        }
        pending = [:]
        return requests
    }

    /// The fetch failed or was cut at its limit: ask again (from the cursor, which moved with
    /// what was delivered).
    mutating func retry(_ requests: [ConversationID: Int64]) {
        for (conversationID, after) in requests {
            pending[conversationID] = min(pending[conversationID] ?? after + 1, after + 1)
        }
    }

    /// Whether a fetched message is new for this instance; if so it becomes the cursor.
    mutating func deliver(_ conversationID: ConversationID, seq: Int64) -> Bool {
        if let cursor = cursors[conversationID], seq <= cursor { return false }
        cursors[conversationID] = seq
        return true
    }

    /// Forgets the conversations no socket here is in any more.
    mutating func prune(isWatched: (ConversationID) -> Bool) {
        cursors = cursors.filter { isWatched($0.key) }
        pending = pending.filter { isWatched($0.key) }
    }
}
