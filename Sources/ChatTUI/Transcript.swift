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
/// All message text goes through ``SafeText`` here, before it can reach a cell.
public enum Transcript {
    /// Columns before the text: "14:02 client  ".
    static let gutter = 14

    public static func lines(
        for buffer: ConversationBuffer, width: Int, time: TimeText, now: Date
    ) -> [TranscriptLine] {
        var lines: [TranscriptLine] = []
        if buffer.timeline.reachedStart {
            lines.append(TranscriptLine([Span("beginning of the conversation", .dim)], centered: true))
        } else if buffer.loadingOlder {
            lines.append(TranscriptLine([Span("loading older messages…", .dim)], centered: true))
        }
        var previousDay: Date?
        func separate(_ date: Date) {
            if previousDay.map({ !time.sameDay($0, date) }) ?? true {
                lines.append(TranscriptLine([Span("── \(time.day(date, now: now)) ──", .daySeparator)], centered: true))
            }
            previousDay = date
        }
        for message in buffer.timeline.messages {
            separate(message.timestamp)
            if message.id == buffer.firstUnread {
                lines.append(TranscriptLine([Span("── new messages ──", .unreadMarker)], centered: true))
            }
            let (label, labelRole, bodyRole) = describe(message, sentIDs: buffer.sentIDs)
            let mark = message.sender == .admin ? Span("✓", .sent) : nil
            lines += entry(
                time: time.clock(message.timestamp), label: label, labelRole: labelRole, content: message.content,
                kind: message.kind, bodyRole: bodyRole, mark: mark, width: width)
        }
        for entry in buffer.unconfirmedOutbox {
            separate(entry.createdAt)
            let failure: String?
            if case .failed(let reason) = entry.state { failure = reason } else { failure = nil }
            lines += self.entry(
                time: time.clock(entry.createdAt), label: "you", labelRole: .you, content: entry.content, kind: entry.kind,
                bodyRole: .body, mark: failure == nil ? Span("…", .pending) : Span("✗", .failed), width: width)
            if let failure {
                let text = "not sent: \(SafeText(failure).text)\nr retries, x discards (from the list)"
                for row in SafeText(text).wrapped(toWidth: max(width - gutter, 8)) {
                    lines.append(TranscriptLine([Span(String(repeating: " ", count: gutter), .plain), Span(String(row), .failed)]))
                }
            }
        }
        if buffer.timeline.messages.isEmpty && buffer.unconfirmedOutbox.isEmpty {
            switch buffer.history {
            case .loading: lines.append(TranscriptLine([Span("loading…", .dim)], centered: true))
            case .loaded: lines.append(TranscriptLine([Span("no messages yet", .dim)], centered: true))
            case .failed(let reason):
                for row in SafeText("could not load the history: \(reason)").wrapped(toWidth: width) {
                    lines.append(TranscriptLine([Span(String(row), .failed)]))
                }
            }
        }
        return lines
    }

    private static func describe(_ message: Message, sentIDs: Set<String>) -> (String, Role, Role) {
        switch message.sender {
        case .client: ("client", .client, .body)
        case .system: ("system", .system, .systemBody)
        case .admin:
            message.clientMessageID.map(sentIDs.contains) == true ? ("you", .you, .body) : ("agent", .agent, .body)
        }
    }

    /// The rows of one message: the first with time and label, the rest indented to the text.
    private static func entry(
        time: String, label: String, labelRole: Role, content: String, kind: Message.Kind, bodyRole: Role,
        mark: Span?, width: Int
    ) -> [TranscriptLine] {
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
