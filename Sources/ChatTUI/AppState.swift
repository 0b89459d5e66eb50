import ChatClientKit
import Foundation

/// The whole state of chat-tui as one value. `update(_:)` changes it in answer to an
/// event and returns the effects to run; `render(_:theme:into:)` draws it.
public struct AppState: Sendable {
    /// Where typing goes.
    public enum Focus: Sendable, Equatable {
        /// Letters are commands on the conversation list.
        case list
        /// Letters go into the open conversation's input.
        case input
    }

    /// How the last REST call about the list went.
    public enum ListHealth: Sendable, Equatable {
        case connecting
        case online
        case failed(ChatError)
    }

    public let settings: AppSettings
    public let time: TimeText
    public internal(set) var now: Instant
    public internal(set) var width: Int
    public internal(set) var height: Int
    public internal(set) var focus = Focus.list
    public internal(set) var list = ConversationList()
    /// Every conversation seen, by id (listed or not).
    public internal(set) var conversations: [ConversationID: Conversation] = [:]
    /// Conversations opened during this run, live in the background.
    public internal(set) var buffers: [ConversationID: ConversationBuffer] = [:]
    /// The conversation on screen.
    public internal(set) var openID: ConversationID?
    public internal(set) var overlay: Overlay?
    public internal(set) var notice: Notice?
    public internal(set) var listHealth = ListHealth.connecting
    /// The newest message of listed conversations without a buffer, for the list preview.
    public internal(set) var previews: [ConversationID: Message] = [:]
    /// The `last_update` each preview was fetched for.
    var previewRequested: [ConversationID: Date] = [:]
    public internal(set) var quitting = false
    /// The user socket's state, on dialects with one (shown while no conversation is open).
    public internal(set) var userSocket: ConnectionState?
    /// Conversations waiting for an agent, when the server says (agents on `rooms`).
    public internal(set) var queueSize: Int?

    public init(settings: AppSettings = .init(), timeZone: TimeZone = .current, now: Instant, width: Int, height: Int) {
        self.settings = settings
        self.time = TimeText(timeZone: timeZone)
        self.now = now
        self.width = width
        self.height = height
    }

    /// The effects that start the app: the first page of the list and any outbox left over.
    public mutating func start() -> [Effect] {
        list.loading = .refresh
        return [.loadList(list.refreshRequest(pageSize: settings.listPageSize)), .loadStoredOutbox]
    }

    public var openBuffer: ConversationBuffer? { openID.flatMap { buffers[$0] } }
    public var openConversation: Conversation? { openID.flatMap { conversations[$0] } }

    /// Messages waiting in the outbox across conversations, how many of them failed, and how
    /// many have an unknown fate.
    public var outboxCount: (total: Int, failed: Int, unconfirmed: Int) {
        buffers.values.reduce((0, 0, 0)) { sum, buffer in
            (sum.0 + buffer.outbox.count, sum.1 + buffer.failedOutbox.count, sum.2 + buffer.unconfirmedOutbox.count)
        }
    }

    /// The screen layout for the current size and draft.
    public var layout: Layout {
        let probe = Layout(width: width, height: height)
        let rows = openBuffer.map { $0.draft.layout(width: probe.inputTextWidth).rows.count } ?? 1
        return Layout(width: width, height: height, inputRows: rows)
    }

    /// True when the open conversation refuses messages.
    public var openIsClosed: Bool { openConversation?.status == .closed }

    mutating func showNotice(_ text: String, isError: Bool = false) {
        notice = Notice(text, isError: isError, expiresAt: now.monotonic + settings.noticeDuration)
    }
}
