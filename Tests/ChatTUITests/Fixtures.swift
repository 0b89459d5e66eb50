import ChatClientKit
import ChatTUI
import Foundation
import TerminalText

/// Builders for states, conversations and messages at a fixed time in UTC.
enum Fixtures {
    /// 2025-11-18 14:05:00 UTC, a Tuesday.
    static let now = Date(timeIntervalSince1970: 1_763_474_700)
    static let utc = TimeZone(identifier: "UTC")!

    static func at(_ hour: Int, _ minute: Int, daysAgo: Int = 0) -> Date {
        let midnight = now.addingTimeInterval(-(14 * 3600 + 5 * 60))
        return midnight.addingTimeInterval(Double(-daysAgo * 86_400 + hour * 3600 + minute * 60))
    }

    static func uuid(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    /// Conversation `n`'s id.
    static func id(_ n: Int) -> ConversationID {
        ConversationID(uuid(n))
    }

    /// The customer (user id) of conversation `n` is `customer(1000 + n)`.
    static func customer(_ n: Int) -> String {
        uuid(n).wireString
    }

    static func conversation(
        _ n: Int, summary: String? = nil, status: Conversation.Status = .active, priority: Conversation.Priority = .low,
        channel: Conversation.Channel = .whatsapp, unread: Int = 0, lastUpdate: Date = at(14, 0)
    ) -> Conversation {
        Conversation(
            id: id(n), clientID: customer(1000 + n), status: status, channel: channel, priority: priority, summary: summary,
            unreadCount: unread, startDate: lastUpdate, lastUpdate: lastUpdate, createdAt: lastUpdate, updatedAt: lastUpdate)
    }

    static func message(
        _ n: Int, in conversation: Int = 1, _ sender: Message.Sender, _ content: String, at date: Date = at(14, 1),
        read: Bool = true, clientID: String? = nil
    ) -> Message {
        Message(
            id: MessageID(uuid(5000 + n)), conversationID: id(conversation), sender: sender, content: content,
            metadata: clientID.map { [Message.clientMessageIDKey: .string($0)] }, timestamp: date, isRead: read,
            createdAt: date)
    }

    static func instant(_ monotonic: Double = 100) -> Instant {
        Instant(wall: now, monotonic: monotonic)
    }

    /// A started state of `width`×`height` that has loaded `conversations`.
    static func state(
        width: Int = 120, height: Int = 40, conversations: [Conversation] = [], settings: AppSettings = .init()
    ) -> AppState {
        var state = AppState(settings: settings, timeZone: utc, now: instant(), width: width, height: height)
        let effects = state.start()
        guard case .loadList(let request)? = effects.first else { fatalError("start must load the list") }
        _ = state.update(
            .listLoaded(request, .success(ConversationListing(items: conversations, total: conversations.count, hasNext: false))))
        return state
    }

    /// `state` with conversation `n` opened, its history loaded and its session connected.
    static func opened(_ state: AppState, _ n: Int, messages: [Message], connection: ConnectionState = .connected) -> AppState {
        var state = state
        _ = state.update(.key(.enter))
        if state.list.selection != id(n) {
            fatalError("select conversation \(n) before opening it")
        }
        _ = state.update(.historyLoaded(id(n), before: nil, limit: 50, .success(messages)))
        _ = state.update(.session(id(n), .state(connection)))
        return state
    }

    static func render(_ state: AppState, theme: Theme = .color) -> (buffer: ScreenBuffer, cursor: CursorPosition?) {
        Renderer.frame(state, theme: theme)
    }

    static func lines(_ state: AppState) -> [String] {
        render(state).buffer.lines()
    }
}

extension ScreenBuffer {
    /// Every cell's character, for scanning the whole screen.
    var allCells: [Cell] {
        (0..<height).flatMap { y in (0..<width).map { x in self[x, y] } }
    }

    /// The position of the first occurrence of `text` on screen.
    func find(_ text: String) -> (x: Int, y: Int)? {
        for (y, line) in lines().enumerated() {
            if let range = line.range(of: text) {
                let prefix = line[..<range.lowerBound]
                return (prefix.displayWidth, y)
            }
        }
        return nil
    }
}
