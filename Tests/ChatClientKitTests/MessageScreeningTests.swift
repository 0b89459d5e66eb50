import ChatClientKit
import Foundation
import Testing

/// Messages are checked before anything is shown: a date no server could mean, or a known id
/// that comes back saying something else, is logged as unrecognized and kept off the screen.
@Suite struct MessageScreeningTests {
    typealias L = LinkMachineTests

    static func frame(id: String, content: String, timestamp: String) -> String {
        """
        {"type":"new_message","payload":{"id":"\(id)","conversation_id":"\(L.conversation)","sender":"client",\
        "type":"text","content":"\(content)","timestamp":"\(timestamp)","is_read":false}}
        """
    }

    static func unrecognized(_ actions: [LinkAction]) -> [String] {
        actions.compactMap(\.emittedUnrecognizedReason)
    }

    static func shown(_ actions: [LinkAction]) -> [String] {
        actions.compactMap(\.emittedMessages).flatMap { $0.map(\.content) }
    }

    @Test(arguments: ["1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2400-01-01T00:00:00Z"])
    func anImpossibleDateIsNotShown(_ timestamp: String) {
        var h = L.connected()
        _ = h.step(.history(attempt: 1, L.conversation, .success([])))
        let actions = h.step(.frame(attempt: 1, Self.frame(id: "7f3a2b1c-0000-4000-8000-0000000000b1", content: "when?", timestamp: timestamp)))
        #expect(Self.shown(actions).isEmpty)
        #expect(Self.unrecognized(actions).first?.hasPrefix("an impossible date") == true)
    }

    @Test func aDateWithinAYearAheadIsShown() {
        var h = L.connected()
        _ = h.step(.history(attempt: 1, L.conversation, .success([])))
        let actions = h.step(.frame(attempt: 1, Self.frame(id: "7f3a2b1c-0000-4000-8000-0000000000b1", content: "soon", timestamp: "2026-06-01T00:00:00Z")))
        #expect(Self.shown(actions) == ["soon"], "a server clock ahead of ours is not an attack")
    }

    @Test func aKnownIDWithNewContentIsRefusedAndTheFirstStays() {
        var h = L.connected()
        _ = h.step(.history(attempt: 1, L.conversation, .success([])))
        let id = "7f3a2b1c-0000-4000-8000-0000000000b1"
        #expect(Self.shown(h.step(.frame(attempt: 1, Self.frame(id: id, content: "pay to account A", timestamp: "2025-11-18T14:00:00Z")))) == ["pay to account A"])
        let replay = h.step(.frame(attempt: 1, Self.frame(id: id, content: "pay to account B", timestamp: "2025-11-18T14:00:00Z")))
        #expect(Self.shown(replay).isEmpty)
        #expect(Self.unrecognized(replay) == ["a known id with new content"])
        let again = h.step(.frame(attempt: 1, Self.frame(id: id, content: "pay to account A", timestamp: "2025-11-18T14:00:00Z")))
        #expect(again.isEmpty, "the same message again is just a repeat")
    }

    @Test func aTimelineNeverRewritesWhatAKnownMessageSaid() {
        let first = L.message("7f3a2b1c-0000-4000-8000-0000000000b1", sender: .client)
        var timeline = Timeline([first])
        var tampered = first
        tampered.content = "something else"
        var read = first
        read.isRead = true
        #expect(timeline.conflicts(tampered))
        #expect(timeline.merge([tampered]).isEmpty)
        #expect(timeline.messages.map(\.content) == ["x"])
        #expect(!timeline.conflicts(read))
        timeline.merge([read])
        #expect(timeline.messages.first?.isRead == true, "flags still update")
    }
}
