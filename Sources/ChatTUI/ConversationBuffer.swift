import ChatClientKit
import Foundation

/// One conversation the agent opened during this run, kept live in the background like a
/// WeeChat buffer: its messages, outbox, typing users, connection, scroll position and draft.
public struct ConversationBuffer: Sendable {
    public enum History: Sendable, Equatable {
        case loading
        case loaded
        case failed(String)
    }

    public let id: ConversationID
    public internal(set) var timeline = Timeline()
    public internal(set) var history = History.loading
    public internal(set) var loadingOlder = false
    /// Pending and failed messages of this conversation, oldest first.
    public internal(set) var outbox: [OutboxEntry] = []
    /// User ids shown as typing.
    public internal(set) var typing: [String] = []
    public internal(set) var connection = ConnectionState.idle
    /// Rows scrolled up from the bottom of the transcript (0 follows new messages).
    public internal(set) var scrollOffset = 0
    /// Messages that arrived below the view while scrolled up.
    public internal(set) var unseenBelow = 0
    /// The first message that was unread when the conversation was shown.
    public internal(set) var firstUnread: MessageID?
    /// Set when the conversation is shown, until the unread marker is placed.
    public internal(set) var awaitingUnreadMarker = true
    public internal(set) var draft = InputEditor()
    /// Client ids of messages sent from this terminal, in this run or earlier ones (labelled "you").
    public internal(set) var sentIDs: Set<String> = []
    /// The latest outages and how the conversation came back from each, oldest first (at most
    /// `keptRecoveries`); the transcript shows each after the last message seen before it.
    public internal(set) var recoveries: [Recovery] = []
    public static let keptRecoveries = 20
    /// True when newer messages were dropped from the window while scrolled up: returning to
    /// the bottom reloads the latest page.
    public internal(set) var newerDropped = false
    /// The newest message received since newer messages were dropped (for the list preview);
    /// a message is counted as new only past it, as dropped ones cannot be recognized by id.
    public internal(set) var newestDropped: Message?
    /// The most messages kept in memory; older (or, while scrolled up, newer) ones are paged
    /// back from the server on demand.
    public static let keptMessages = 2_000
    public internal(set) var markingRead = false
    /// Unread messages were seen while on screen: mark the conversation read when possible.
    public internal(set) var wantsMarkRead = false

    public init(id: ConversationID) {
        self.id = id
    }

    /// Takes live messages into the window; returns those that were new. Once newer messages
    /// were dropped, live ones are only counted: returning to the bottom reloads them.
    mutating func receive(_ messages: [Message]) -> [Message] {
        guard !newerDropped else {
            let floor = newestDropped?.timestamp ?? timeline.newest?.timestamp ?? .distantPast
            let new = messages.filter { $0.timestamp > floor && !timeline.contains(id: $0.id) }
            newestDropped = new.max { $0.timestamp < $1.timestamp } ?? newestDropped
            return new
        }
        let added = timeline.merge(messages)
        trimWindow()
        if newerDropped { newestDropped = added.max { $0.timestamp < $1.timestamp } }
        return added
    }

    /// Keeps at most `keptMessages`. At the bottom the oldest go, down to three quarters of
    /// the window so a burst costs O(1) per message (scrolling up pages them back); while
    /// scrolled up the newest go, so the rows on screen stay put.
    mutating func trimWindow() {
        guard timeline.count > Self.keptMessages else { return }
        if scrollOffset == 0 && !newerDropped {
            timeline.removeOldest(timeline.count - Self.keptMessages * 3 / 4, keepingClientIDs: Set(outbox.map(\.id)))
        } else {
            timeline.removeNewest(timeline.count - Self.keptMessages)
            newerDropped = true
        }
    }

    /// The newest message known, in the window or dropped from it.
    public var newest: Message? { newestDropped ?? timeline.newest }

    /// Outbox entries the timeline does not hold yet (an echo and its confirmation can race).
    public var unsettledOutbox: [OutboxEntry] {
        outbox.filter { !timeline.contains(clientID: $0.id) }
    }

    public var failedOutbox: [OutboxEntry] {
        outbox.filter { if case .failed = $0.state { true } else { false } }
    }

    /// Entries whose fate is unknown (sent, acknowledgement lost, no history to check).
    public var unconfirmedOutbox: [OutboxEntry] {
        outbox.filter { $0.state == .unconfirmed }
    }

    /// Entries waiting for the agent to resend or drop them: failed or unconfirmed.
    public var stuckOutbox: [OutboxEntry] {
        outbox.filter { $0.state != .pending }
    }

    /// True if a customer or system message is not read yet.
    var hasUnread: Bool {
        timeline.messages.contains { !$0.isRead && $0.sender != .admin }
    }

    /// The oldest unread customer or system message, for the marker.
    var oldestUnread: MessageID? {
        timeline.messages.first { !$0.isRead && $0.sender != .admin }?.id
    }
}
