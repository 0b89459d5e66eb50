import ChatModel
import Foundation

extension Message: Record {
    static let columns = [
        TableColumn(header: "ID"), TableColumn(header: "TIME"), TableColumn(header: "SENDER"),
        TableColumn(header: "TYPE"), TableColumn(header: "READ"), TableColumn(header: "CONTENT", flexible: true),
    ]

    func cells() -> [Cell] {
        [
            Cell(id.rawValue), Cell(TimeText.local(timestamp)), Cell(sender.rawValue, color: sender == .client ? .blue : nil),
            Cell(kind.rawValue), Cell(isRead ? "yes" : "no", color: isRead ? nil : .yellow), Cell(content),
        ]
    }

    /// id, conversation_id, timestamp, sender, type, is_read, content.
    func fields() -> [String] {
        [id.rawValue, conversationID.rawValue, TimeText.iso(timestamp), sender.rawValue, kind.rawValue, String(isRead), content]
    }

    func details() -> DetailList {
        var list = DetailList()
        list.add("ID", id.rawValue)
        list.add("Conversation", conversationID.rawValue)
        list.add("Time", TimeText.local(timestamp))
        list.add("Sender", sender.rawValue)
        list.add("Type", kind.rawValue)
        list.add("Read", isRead ? "yes" : "no")
        list.add("Client id", clientMessageID ?? "")
        list.add("Content", content)
        return list
    }
}
