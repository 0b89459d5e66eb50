import Foundation

/// The messages of one conversation as the client knows them, in server order
/// (timestamp ascending, ties in arrival order), deduplicated by server id and by client id.
///
/// History pages, socket echoes and post-reconnect syncs can all deliver the same message;
/// merging them here makes each appear once, wherever it came from.
///
/// A timeline with a `window` keeps the newest messages only: past a quarter more than the
/// window, it lets the oldest go down to the window. The ids of the ones it let go (the last
/// `remembering` of them) still count as known, so a server that repeats an old message
/// does not make it new again.
public struct Timeline: Sendable {
    public private(set) var messages: [Message] = []
    private var ids: Set<MessageID> = []
    private var clientIDs: Set<String> = []
    /// How many of the newest messages are kept (up to a quarter more between trims).
    public let window: Int
    private var retiredIDs: RecentSet<MessageID>
    private var retiredClientIDs: RecentSet<String>
    /// True once a history page came back shorter than asked: nothing older exists.
    public var reachedStart = false

    public init(_ messages: [Message] = [], window: Int = .max, remembering: Int = 0) {
        self.window = max(window, 1)
        retiredIDs = RecentSet(capacity: remembering)
        retiredClientIDs = RecentSet(capacity: remembering)
        merge(messages)
    }

    public var count: Int { messages.count }
    public var oldest: Message? { messages.first }
    public var newest: Message? { messages.last }

    public func contains(id: MessageID) -> Bool { ids.contains(id) || retiredIDs.contains(id) }
    public func contains(clientID: String) -> Bool { clientIDs.contains(clientID) || retiredClientIDs.contains(clientID) }

    /// True when `message` has the id of a known message but says something else (its
    /// content, sender or kind): a server replaying an id with new content.
    public func conflicts(_ message: Message) -> Bool {
        guard ids.contains(message.id), let known = messages.last(where: { $0.id == message.id }) else { return false }
        return !Self.same(known, message)
    }

    /// Inserts new messages and updates known ones (e.g. `is_read`), never their content;
    /// returns the messages that were new. A large batch out of order is appended and
    /// sorted once instead of inserted one by one. Beyond the window, the oldest are let go.
    @discardableResult
    public mutating func merge(_ incoming: [Message]) -> [Message] {
        var added: [Message] = []
        var inOrder = true
        for message in incoming {
            if ids.contains(message.id) {
                if let index = messages.lastIndex(where: { $0.id == message.id }), Self.same(messages[index], message) {
                    messages[index] = message
                }
                continue
            }
            if retiredIDs.contains(message.id) { continue }
            if let clientID = message.clientMessageID, contains(clientID: clientID) { continue }
            ids.insert(message.id)
            if let clientID = message.clientMessageID { clientIDs.insert(clientID) }
            added.append(message)
            if let last = messages.last, last.timestamp > message.timestamp { inOrder = false }
            if inOrder || added.count <= Self.insertedOneByOne {
                messages.insert(message, at: insertionIndex(for: message.timestamp))
            } else {
                messages.append(message)
            }
        }
        if added.count > Self.insertedOneByOne && !inOrder {
            messages = messages.enumerated().sorted {
                $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset
            }.map(\.element)
        }
        if messages.count - window > window / 4 { retireOldest(messages.count - window) }
        return added
    }

    /// Lets the `count` oldest messages go, remembering their ids.
    private mutating func retireOldest(_ count: Int) {
        forget(messages.prefix(count), keeping: [], remembering: true)
        messages.removeFirst(count)
        reachedStart = false
    }

    /// Out-of-order messages a merge inserts in place before it sorts instead.
    private static let insertedOneByOne = 64

    /// Forgets the `count` oldest messages (their ids too, so they can come back with an older
    /// page), except the client ids in `keeping`; nothing older is then known to be missing.
    public mutating func removeOldest(_ count: Int, keepingClientIDs keeping: Set<String> = []) {
        forget(messages.prefix(max(count, 0)), keeping: keeping)
        messages.removeFirst(min(max(count, 0), messages.count))
        if count > 0 { reachedStart = false }
    }

    /// Forgets the `count` newest messages (their ids too, so they can come back with a newer page).
    public mutating func removeNewest(_ count: Int) {
        forget(messages.suffix(max(count, 0)), keeping: [])
        messages.removeLast(min(max(count, 0), messages.count))
    }

    /// Drops the ids of `dropped`, except the client ids in `keeping`; `remembering` moves
    /// them to the bounded memory of ids let go instead.
    private mutating func forget(_ dropped: ArraySlice<Message>, keeping: Set<String>, remembering: Bool = false) {
        for message in dropped {
            ids.remove(message.id)
            if remembering { retiredIDs.insert(message.id) }
            guard let clientID = message.clientMessageID, !keeping.contains(clientID) else { continue }
            clientIDs.remove(clientID)
            if remembering { retiredClientIDs.insert(clientID) }
        }
    }

    /// Marks every message as read locally (after a mark-read call succeeded).
    public mutating func markAllRead() {
        for index in messages.indices { messages[index].isRead = true }
    }

    /// Marks these messages as read (someone read them).
    public mutating func markRead(_ read: [MessageID]) {
        let read = Set(read)
        for index in messages.indices where read.contains(messages[index].id) { messages[index].isRead = true }
    }

    private static func same(_ known: Message, _ other: Message) -> Bool {
        known.content == other.content && known.sender == other.sender && known.kind == other.kind
    }

    /// The index after every message not later than `timestamp` (binary search; O(1) for appends).
    private func insertionIndex(for timestamp: Date) -> Int {
        if let last = messages.last, last.timestamp <= timestamp { return messages.count }
        var low = 0
        var high = messages.count
        while low < high {
            let middle = (low + high) / 2
            if messages[middle].timestamp <= timestamp { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
