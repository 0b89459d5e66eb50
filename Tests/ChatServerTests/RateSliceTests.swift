import ChatModel
@testable import ChatServerCore
import Foundation
import GRDB
import Testing

/// The per-user message limit in the SQLite store: counters per author, origin and one-second
/// slice, so the work per message stays the same however busy the author is.
@Suite struct RateSliceTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rate-slices-\(UUID()).sqlite").path

    func store() throws -> SQLiteChatStore {
        try SQLiteChatStore(path: path, fsyncEachCommit: false, deduplicates: true)
    }

    func append(_ store: SQLiteChatStore, to conversation: ConversationID, quota: MessageQuota, at seconds: Double) async throws {
        let author = MessageAuthor(userID: "agent-1", origin: .conversations, quota: quota)
        _ = try await store.append(
            NewMessage(conversationID: conversation, sender: .admin, kind: .text, content: "at \(seconds)", metadata: nil),
            id: MessageID(UUID()), author: author, now: Date(timeIntervalSince1970: seconds), afterCommit: { _ in })
    }

    func conversation(in store: SQLiteChatStore) async throws -> ConversationID {
        let draft = ConversationDraft(clientID: UUID(), channel: .web)
        return try await store.createConversation(draft, id: ConversationID(UUID()), now: Date(timeIntervalSince1970: 1_000)).id
    }

    @Test func theLimitRefusesUntilTheSliceThatReachedItLeavesTheWindow() async throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store()
        let id = try await conversation(in: store)
        let quota = MessageQuota(limit: 3, window: .seconds(60))
        for seconds in [1_000.5, 1_010.5, 1_020.5] { try await append(store, to: id, quota: quota, at: seconds) }
        await #expect(throws: StoreError.rateLimited(retryAfter: .seconds(30))) {
            try await append(store, to: id, quota: quota, at: 1_030)
        }
        try await append(store, to: id, quota: quota, at: 1_060)
        await store.close()
    }

    @Test func aBusyAuthorKeepsAtMostOneWindowOfCounters() async throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store()
        let id = try await conversation(in: store)
        let quota = MessageQuota(limit: 1_000_000, window: .seconds(60))
        for index in 0..<3_000 { try await append(store, to: id, quota: quota, at: 2_000 + Double(index) / 10) }
        await store.close()
        let counters = try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rate_slices WHERE author_id = 'agent-1'")
        }
        #expect(counters == 60, "300 s of messages, one counter per second of the last minute")
    }
}
