import ChatClientKit
import Foundation
import Testing

@Suite struct OutboxTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID())/o.sqlite").path
    let conversation = ConversationID(UUID())

    @Test func survivesReopeningInOrder() throws {
        do {
            let outbox = try Outbox(path: path)
            for index in 0..<5 { try outbox.add(conversationID: conversation, content: "m\(index)") }
            try outbox.add(conversationID: ConversationID(UUID()), content: "elsewhere")
        }
        let reopened = try Outbox(path: path)
        #expect(try reopened.entries(conversationID: conversation).map(\.content) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(try reopened.pendingCount() == 6)
    }

    @Test func tracksAttemptsFailuresAndRemoval() throws {
        let outbox = try Outbox(path: path)
        let entry = try outbox.add(conversationID: conversation, content: "hello")
        #expect(entry.metadata == ["client_message_id": .string(entry.id)])
        try outbox.markAttempted(entry.id, now: Date(timeIntervalSince1970: 100))
        try outbox.markAttempted(entry.id, now: Date(timeIntervalSince1970: 200))
        var stored = try #require(try outbox.entries().first)
        #expect(stored.attempts == 2)
        #expect(stored.firstAttemptAt == Date(timeIntervalSince1970: 100))
        try outbox.markFailed(entry.id, reason: "closed")
        stored = try #require(try outbox.entries().first)
        #expect(stored.state == .failed("closed"))
        #expect(try outbox.pendingCount() == 0)
        try outbox.retry(entry.id)
        #expect(try outbox.entries().first?.state == .pending)
        try outbox.remove([entry.id])
        #expect(try outbox.entries().isEmpty)
    }

    @Test func sentClientIDsOutliveDeliveryAndAreCapped() throws {
        do {
            let outbox = try Outbox(path: path, keptClientIDs: 3)
            for index in 0..<5 {
                let entry = try outbox.add(conversationID: conversation, content: "m\(index)", clientID: "c\(index)")
                try outbox.remove([entry.id])
            }
            try outbox.add(conversationID: ConversationID(UUID()), content: "elsewhere", clientID: "x")
        }
        let reopened = try Outbox(path: path, keptClientIDs: 3)
        #expect(try reopened.entries().count == 1)
        #expect(try reopened.sentClientIDs(conversationID: conversation) == ["c3", "c4"], "the newest three of all: c3, c4 and x")
    }

    @Test func clientIDsAreUnique() throws {
        let outbox = try Outbox(path: path)
        let ids = try (0..<200).map { try outbox.add(conversationID: conversation, content: "\($0)").id }
        #expect(Set(ids).count == 200)
    }
}
