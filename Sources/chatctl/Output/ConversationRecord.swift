import ChatModel
import Foundation

extension Conversation: Record {
    static let columns = [
        TableColumn(header: "ID"), TableColumn(header: "STATUS"), TableColumn(header: "PRIORITY"),
        TableColumn(header: "CHANNEL"), TableColumn(header: "UNREAD"), TableColumn(header: "UPDATED"),
        TableColumn(header: "TAGS", flexible: true), TableColumn(header: "SUMMARY", flexible: true),
    ]

    func cells() -> [Cell] {
        [
            Cell(id.rawValue), Cell(status.rawValue, color: status.color), Cell(priority?.rawValue ?? "", color: priority?.color),
            Cell(channel?.rawValue ?? ""), Cell(String(unreadCount)), Cell(TimeText.local(lastUpdate)),
            Cell(tags.joined(separator: ",")), Cell(summary ?? ""),
        ]
    }

    /// id, status, priority, channel, client_id, assigned_agent_id, unread_count, last_update, tags, summary.
    func fields() -> [String] {
        [
            id.rawValue, status.rawValue, priority?.rawValue ?? "", channel?.rawValue ?? "", clientID ?? "", assignedAgentID ?? "",
            String(unreadCount), TimeText.iso(lastUpdate), tags.joined(separator: ","), summary ?? "",
        ]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("ID", id.rawValue)
        list.add("Status", status.rawValue, color: status.color)
        list.add("Priority", priority?.rawValue ?? "", color: priority?.color)
        list.add("Channel", channel?.rawValue ?? "")
        list.add("Client", clientID ?? "")
        list.add("Agent", assignedAgentID ?? "")
        list.add("Unread", String(unreadCount))
        list.add("Tags", tags.joined(separator: ", "))
        list.add("Summary", summary ?? "")
        list.add("Started", TimeText.local(startDate))
        list.add("Last update", TimeText.local(lastUpdate))
        list.add("Created", TimeText.local(createdAt))
        list.add("Updated", TimeText.local(updatedAt))
        return list
    }
}

extension Conversation.Status {
    var color: Style.Color {
        switch self {
        case .active: .green
        case .pending: .yellow
        case .closed: .gray
        }
    }
}

extension Conversation.Priority {
    var color: Style.Color? { self == .high ? .red : nil }
}
