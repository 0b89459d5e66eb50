import Testing

@testable import ChatClientKit

/// A link's conversations: one kept inline, more in a dictionary, changed in place either way.
@Suite struct ConversationTableTests {
    static func machine(_ id: ConversationID) -> ConversationMachine {
        ConversationMachine(
            id: id, customer: nil, outbox: [], limits: ClientLimits(), window: 1,
            typing: TypingTracker(expiry: 5, stopGrace: 1), records: false, epoch: 0, backfill: .latestPage, now: 0)
    }

    @Test func oneConversationIsFoundChangedAndRemoved() {
        var table = ConversationTable<ConversationMachine>()
        #expect(table["a"] == nil)
        table["a"] = Self.machine("a")
        table["a"]?.membership = .joined
        #expect(table["a"]?.membership == .joined)
        #expect(table["b"] == nil)
        #expect(Array(table).map(\.id) == ["a"])
        table["b"]?.membership = .joined
        #expect(table["b"] == nil, "changing an absent conversation adds nothing")
        #expect(table.removeValue(forKey: "a")?.membership == .joined)
        #expect(Array(table).isEmpty)
    }

    @Test func aSecondConversationKeepsBothAndEachChangesAlone() {
        var table = ConversationTable<ConversationMachine>()
        table["a"] = Self.machine("a")
        table["b"] = Self.machine("b")
        table["b"]?.membership = .joined
        #expect(table["a"]?.membership == .wanted)
        #expect(table["b"]?.membership == .joined)
        #expect(Set(table.map(\.id)) == ["a", "b"])
        table.removeValue(forKey: "a")
        table["b"] = nil
        #expect(Array(table).isEmpty)
        table["c"] = Self.machine("c")
        #expect(table.map(\.id) == ["c"])
    }
}
