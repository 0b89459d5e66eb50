import ChatClientKit
import Foundation

extension RoomsStatus: Record {
    /// The server's status word (`ready`), what `chatctl status -q` prints.
    public var id: String { status }

    static let columns = [
        TableColumn(header: "STATUS"), TableColumn(header: "CONNECTIONS"), TableColumn(header: "PEAK"),
        TableColumn(header: "MESSAGES"), TableColumn(header: "ROOMS"), TableColumn(header: "AGENTS"),
        TableColumn(header: "QUEUE"), TableColumn(header: "BY ROLE", flexible: true),
    ]

    private var byRole: String {
        (stats.connectionsByRole ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    private func count(_ value: Int?) -> String { value.map(String.init) ?? "" }

    func cells() -> [Cell] {
        [
            Cell(status, color: status == "ready" ? .green : .yellow), Cell(count(stats.currentConnections)),
            Cell(count(stats.peakConnections)), Cell(count(stats.totalMessages)), Cell(count(stats.activeRooms)),
            Cell(count(stats.availableAgents)), Cell(count(stats.queueSize)), Cell(byRole),
        ]
    }

    /// status, current, total, peak connections, messages, rooms, available agents, queue size, by role.
    func fields() -> [String] {
        [
            status, count(stats.currentConnections), count(stats.totalConnections), count(stats.peakConnections),
            count(stats.totalMessages), count(stats.activeRooms), count(stats.availableAgents), count(stats.queueSize), byRole,
        ]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("Status", status, color: status == "ready" ? .green : .yellow)
        list.add("Connections", count(stats.currentConnections))
        list.add("Total connections", count(stats.totalConnections))
        list.add("Peak connections", count(stats.peakConnections))
        list.add("Messages", count(stats.totalMessages))
        list.add("Active rooms", count(stats.activeRooms))
        list.add("Available agents", count(stats.availableAgents))
        list.add("Queue", count(stats.queueSize))
        list.add("By role", byRole)
        return list
    }
}

extension RoomSummary: Record {
    static let columns = [
        TableColumn(header: "ROOM"), TableColumn(header: "AGENT"), TableColumn(header: "CLIENT", flexible: true),
        TableColumn(header: "MEMBERS", flexible: true),
    ]

    func cells() -> [Cell] {
        [Cell(id.rawValue), Cell(assignedAgent ?? "—"), Cell(clientName ?? ""), Cell(members.joined(separator: ","))]
    }

    /// room_id, assigned_agent, client_name, members (comma-separated).
    func fields() -> [String] {
        [id.rawValue, assignedAgent ?? "", clientName ?? "", members.joined(separator: ",")]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("Room", id.rawValue)
        list.add("Agent", assignedAgent ?? "")
        list.add("Client", clientName ?? "")
        list.add("Members", members.joined(separator: ", "))
        return list
    }
}

extension QueueEntry: Record {
    static let columns = [
        TableColumn(header: "POSITION"), TableColumn(header: "CONVERSATION"), TableColumn(header: "WAITING SINCE"),
        TableColumn(header: "CLIENT", flexible: true),
    ]

    func cells() -> [Cell] {
        [Cell(String(position)), Cell(id.rawValue), Cell(waitingSince.map { TimeText.local($0) } ?? ""), Cell(clientName ?? "")]
    }

    /// position, conversation_id, waiting_since, client_name.
    func fields() -> [String] {
        [String(position), id.rawValue, waitingSince.map { TimeText.iso($0) } ?? "", clientName ?? ""]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("Position", String(position))
        list.add("Conversation", id.rawValue)
        list.add("Waiting since", waitingSince.map { TimeText.local($0) } ?? "")
        list.add("Client", clientName ?? "")
        return list
    }
}

extension AgentSummary: Record {
    static let columns = [
        TableColumn(header: "AGENT"), TableColumn(header: "STATUS"), TableColumn(header: "CONVERSATIONS"),
        TableColumn(header: "CONNECTED SINCE"),
    ]

    private var color: Style.Color? {
        switch status {
        case "available": .green
        case "busy": .yellow
        default: .gray
        }
    }

    func cells() -> [Cell] {
        [Cell(id), Cell(status, color: color), Cell(String(activeConversations)), Cell(connectedSince.map { TimeText.local($0) } ?? "")]
    }

    /// agent_id, status, active_conversations, connected_since.
    func fields() -> [String] {
        [id, status, String(activeConversations), connectedSince.map { TimeText.iso($0) } ?? ""]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("Agent", id)
        list.add("Status", status, color: color)
        list.add("Conversations", String(activeConversations))
        list.add("Connected since", connectedSince.map { TimeText.local($0) } ?? "")
        return list
    }
}
