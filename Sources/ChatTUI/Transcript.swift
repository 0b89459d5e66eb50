import ChatClientKit
import Foundation
import TerminalText

/// What a piece of text on screen is, so a `Theme` can style it.
public enum Role: Sendable, Hashable {
    case plain, dim, time, daySeparator, unreadMarker
    case client, agent, you, system
    case body, systemBody
    case sent, pending, failed
}

/// A run of text with one role.
public struct Span: Sendable, Equatable {
    public var text: String
    public var role: Role

    public init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

/// One row of the chat transcript.
public struct TranscriptLine: Sendable, Equatable {
    public var spans: [Span]
    public var centered: Bool

    public init(_ spans: [Span], centered: Bool = false) {
        self.spans = spans
        self.centered = centered
    }

    public var text: String { spans.map(\.text).joined() }
}

/// Lays a conversation out as rows of a given width: day separators, the first-unread
/// marker, `14:02 client  text` rows wrapped under their text column, marks on the agent's
/// messages (✓ stored, … pending, ✗ failed), then messages still in the outbox.
///
/// Rows are built from the bottom up, so drawing a screenful costs the same in a long
/// conversation as in a short one. All message text goes through ``SafeText`` here,
/// before it can reach a cell.
public struct Transcript: Sendable {
    /// Columns before the text: "14:02 client  ".
    static let gutter = 14

    public let buffer: ConversationBuffer
    public let width: Int
    public let time: TimeText
    public let now: Date
    /// True when the history is the client's own record (servers that keep none).
    public let historyIsLocal: Bool

    public init(_ buffer: ConversationBuffer, width: Int, time: TimeText, now: Date, historyIsLocal: Bool = false) {
        self.buffer = buffer
        self.width = width
        self.time = time
        self.now = now
        self.historyIsLocal = historyIsLocal
    }

    /// Every row, top to bottom.
    public var lines: [TranscriptLine] { tail(rows: .max).lines }

    /// At least the last `rows` rows (whole messages, so possibly more), top to bottom, and
    /// whether they start at the top of the transcript.
    public func tail(rows: Int) -> (lines: [TranscriptLine], reachesTop: Bool) {
        var blocks = [bottomBlock]
        var count = blocks[0].count
        let messages = buffer.timeline.messages
        var index = messages.count - 1
        while index >= 0 && count < rows {
            let block = messageBlock(index)
            blocks.append(block)
            count += block.count
            index -= 1
        }
        let reachesTop = index < 0
        if reachesTop { blocks.append(topBlock) }
        return (blocks.reversed().flatMap { $0 }, reachesTop)
    }

    /// The number of rows below the message `id`: everything when it is nil or unknown.
    public func rowCount(after id: MessageID?) -> Int {
        let messages = buffer.timeline.messages
        guard let id, let index = messages.lastIndex(where: { $0.id == id }) else { return lines.count }
        return (index + 1..<messages.count).reduce(bottomBlock.count) { $0 + messageBlock($1).count }
    }

    /// "beginning of the conversation" (or of the local record) or "loading older messages…",
    /// and outages that began before any message.
    private var topBlock: [TranscriptLine] {
        var lines: [TranscriptLine] = []
        if buffer.timeline.reachedStart {
            let text = historyIsLocal
                ? "the local record starts here: this server keeps no history" : "beginning of the conversation"
            lines.append(TranscriptLine([Span(text, .dim)], centered: true))
        } else if buffer.loadingOlder {
            lines.append(TranscriptLine([Span("loading older messages…", .dim)], centered: true))
        }
        return lines + recoveryLines(after: nil)
    }

    /// "── offline 47 s · 12 received meanwhile · 2 sent from the outbox ──" for each outage
    /// that began after message `id`.
    private func recoveryLines(after id: MessageID?) -> [TranscriptLine] {
        buffer.recoveries.filter { $0.lastSeenBefore == id }.flatMap { recovery in
            SafeText("── \(recovery.summary) ──").wrapped(toWidth: max(width, 8)).map {
                TranscriptLine([Span(String($0), recovery.unrecovered == nil ? .dim : .failed)], centered: true)
            }
        }
    }

    private func separator(_ date: Date, after previous: Date?) -> [TranscriptLine] {
        if let previous, time.sameDay(previous, date) { return [] }
        return [TranscriptLine([Span("── \(time.day(date, now: now)) ──", .daySeparator)], centered: true)]
    }

    /// A stored message, with the day separator and unread marker that may precede it.
    private func messageBlock(_ index: Int) -> [TranscriptLine] {
        let messages = buffer.timeline.messages
        let message = messages[index]
        var lines = separator(message.timestamp, after: index > 0 ? messages[index - 1].timestamp : nil)
        if message.id == buffer.firstUnread {
            lines.append(TranscriptLine([Span("── new messages ──", .unreadMarker)], centered: true))
        }
        let (label, labelRole, bodyRole) = Self.describe(message, sentIDs: buffer.sentIDs)
        lines += entry(
            time: time.clock(message.timestamp), label: label, labelRole: labelRole, content: message.content,
            kind: message.kind, bodyRole: bodyRole, mark: message.sender == .admin ? Span("✓", .sent) : nil)
        let replies = message.quickReplies
        guard !replies.isEmpty else { return lines + recoveryLines(after: message.id) }
        let offer = replies.enumerated().map { "Alt+\($0.offset + 1) \(SafeText($0.element).text)" }.joined(separator: " · ")
        for row in SafeText(offer).wrapped(toWidth: max(width - Self.gutter, 8)) {
            lines.append(TranscriptLine([Span(String(repeating: " ", count: Self.gutter), .plain), Span(String(row), .dim)]))
        }
        return lines + recoveryLines(after: message.id)
    }

    /// Messages still in the outbox, or what to say when there is nothing at all.
    private var bottomBlock: [TranscriptLine] {
        var lines: [TranscriptLine] = []
        var previousDay = buffer.timeline.newest?.timestamp
        for entry in buffer.unsettledOutbox {
            lines += separator(entry.createdAt, after: previousDay)
            previousDay = entry.createdAt
            let (mark, explanation): (Span, String?) = switch entry.state {
            case .pending: (Span("…", .pending), nil)
            case .failed(let reason): (Span("✗", .failed), "not sent: \(SafeText(reason).text)\nr retries, x discards (from the list)")
            case .unconfirmed:
                (Span("?", .failed), "the connection was lost before the server confirmed it: it may or may not have arrived\n"
                    + "r resend · x drop (from the list)")
            }
            lines += self.entry(
                time: time.clock(entry.createdAt), label: "you", labelRole: .you, content: entry.content, kind: entry.kind,
                bodyRole: .body, mark: mark)
            if let explanation {
                for row in SafeText(explanation).wrapped(toWidth: max(width - Self.gutter, 8)) {
                    lines.append(TranscriptLine([Span(String(repeating: " ", count: Self.gutter), .plain), Span(String(row), .failed)]))
                }
            }
        }
        guard buffer.timeline.messages.isEmpty && lines.isEmpty else { return lines }
        switch buffer.history {
        case .loading:
            return [TranscriptLine([Span("loading…", .dim)], centered: true)]
        case .loaded:
            return [TranscriptLine([Span("no messages yet", .dim)], centered: true)]
        case .failed(let reason):
            return SafeText("could not load the history: \(reason)").wrapped(toWidth: width).map {
                TranscriptLine([Span(String($0), .failed)])
            }
        }
    }

    private static func describe(_ message: Message, sentIDs: Set<String>) -> (String, Role, Role) {
        switch message.sender {
        case .client: ("client", .client, .body)
        case .system where message.metadata?["bot"]?.boolValue == true: ("bot", .system, .body)
        case .system: ("system", .system, .systemBody)
        case .admin:
            message.clientMessageID.map(sentIDs.contains) == true ? ("you", .you, .body) : ("agent", .agent, .body)
        }
    }

    /// The rows of one message: the first with time and label, the rest indented to the text.
    private func entry(
        time: String, label: String, labelRole: Role, content: String, kind: Message.Kind, bodyRole: Role, mark: Span?
    ) -> [TranscriptLine] {
        let gutter = Self.gutter
        let textWidth = max(width - gutter, 8)
        let prefix = kind == .text ? "" : "[\(kind.rawValue)] "
        let rows = SafeText(prefix + content).wrapped(toWidth: textWidth).map(String.init)
        let lastWidth = rows.last?.displayWidth ?? 0
        let markOnOwnRow = mark.map { lastWidth + 1 + $0.text.displayWidth > textWidth } ?? false
        let indent = String(repeating: " ", count: gutter)
        var lines = rows.enumerated().map { index, row in
            let head = index == 0
                ? [Span(time, .time), Span(" ", .plain), Span(label.padding(toLength: 7, withPad: " ", startingAt: 0), labelRole), Span(" ", .plain)]
                : [Span(indent, .plain)]
            return TranscriptLine(head + [Span(row, bodyRole)])
        }
        if let mark {
            if markOnOwnRow {
                lines.append(TranscriptLine([Span(indent, .plain), mark]))
            } else {
                lines[lines.count - 1].spans += [Span(" ", .plain), mark]
            }
        }
        return lines
    }
}
