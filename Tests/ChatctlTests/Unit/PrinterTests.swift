import ChatClientKit
import Foundation
import Testing

@testable import chatctl

@Suite struct PrinterTests {
    let conversation = Conversation(
        id: ConversationID(UUID(uuidString: "7F3C2A1E-5B4D-4C3E-9A8F-0123456789AB")!),
        clientID: "11111111-2222-3333-4444-555555555555", status: .pending, channel: .email,
        priority: .high, summary: "Order\t1234\nlate \u{1B}[31m", tags: ["vip", "late"], unreadCount: 2,
        startDate: Date(timeIntervalSince1970: 1_763_474_462), lastUpdate: Date(timeIntervalSince1970: 1_763_474_462),
        createdAt: Date(timeIntervalSince1970: 1_763_474_462), updatedAt: Date(timeIntervalSince1970: 1_763_474_462))

    func printer(_ mode: OutputMode) -> Printer { Printer(mode: mode, style: .plain, width: nil) }

    @Test func idsAreLowercaseOnePerLine() throws {
        #expect(try printer(.ids).list([conversation, conversation]) == String(repeating: "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab\n", count: 2))
    }

    @Test func tsvHasTheDocumentedColumnsWithISOTimesAndEscapedText() throws {
        let fields = try printer(.format(.tsv)).one(conversation).dropLast().split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields == [
            "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab", "pending", "High", "email", "11111111-2222-3333-4444-555555555555", "",
            "2", "2025-11-18T14:01:02.000000Z", "vip,late", #"Order\t1234\nlate \x1b[31m"#,
        ])
    }

    @Test func jsonUsesTheWireFormat() throws {
        let json = try printer(.format(.json)).list([conversation])
        let decoded = try ChatJSON.decode([Conversation].self, from: Data(json.utf8))
        #expect(decoded == [conversation])
        #expect(json.contains(#""id" : "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab""#))
        #expect(json.contains(#""unread_count" : 2"#))
    }

    @Test func ndjsonIsOneCompactObjectPerLine() throws {
        let lines = try printer(.format(.ndjson)).list([conversation, conversation]).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect(try ChatJSON.decode(Conversation.self, from: Data(line.utf8)) == conversation) }
    }

    @Test func tableShowsLocalTimesAndOneLinePerRow() throws {
        let table = try printer(.format(.table)).list([conversation])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].contains(TimeText.local(conversation.lastUpdate)))
        #expect(!table.contains("\u{1B}"))
    }

    @Test func singleRecordInTableModeIsADetailView() throws {
        let details = try printer(.format(.table)).one(conversation)
        #expect(details.contains("Summary:"))
        #expect(details.contains(#"Order\t1234\nlate \x1b[31m"#))
    }
}
