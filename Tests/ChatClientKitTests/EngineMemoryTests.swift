import ChatClientKit
import Foundation
import Testing
import TestSupport

/// The engine's memory of a conversation is bounded whatever a server sends: it keeps the
/// newest messages, still recognizes older ones, and still marks every unread one read.
@Suite(.live) struct EngineMemoryTests {
    typealias L = LinkMachineTests

    static func frame(_ index: Int) -> String {
        let id = String(format: "7f3a2b1c-0000-4000-8000-%012d", index)
        let time = Date(timeIntervalSince1970: L.epoch + Double(index)).formatted(.iso8601)
        return MessageScreeningTests.frame(id: id, content: "burst \(index)", timestamp: time)
    }

    @Test func aLongBurstKeepsTheNewestMessagesAndAnOldRepeatIsNotShownAgain() async {
        // Thirty thousand frames: seconds of work, kept off the threads other tests share.
        let (shown, held, repeats) = await onItsOwnThread {
            var h = L.connected()
            _ = h.step(.history(attempt: 1, L.conversation, .success([])))
            var shown = 0
            for index in 0..<30_000 {
                shown += MessageScreeningTests.shown(h.step(.frame(attempt: 1, Self.frame(index)))).count
            }
            let held = h.machine.heldMessages(in: L.conversation) ?? 0
            let repeats = [12_000, 29_999].map { MessageScreeningTests.shown(h.step(.frame(attempt: 1, Self.frame($0)))).count }
            return (shown, held, repeats)
        }
        #expect(shown == 30_000)
        #expect(held >= 500 && held <= 625, "held \(held) of 30 000")
        #expect(repeats == [0, 0], "let go, still recognized")
    }

    @Test func readMarksNameEveryUnreadMessageNotOnlyTheOnesStillHeld() {
        var h = RoomsLinkTests().joined()
        for index in 0..<2_000 {
            let data = #"{"id":"m\#(index)","room_id":"conv_1","sender_id":"c1","sender_role":"cliente","content":"oi","type":"text","timestamp":"2024-01-01T12:00:00Z"}"#
            _ = h.step(.frame(attempt: 1, RoomsLinkTests.frame("message", data)))
        }
        #expect((h.machine.heldMessages(in: RoomsLinkTests.room) ?? 0) < 2_000)
        let named = h.step(.markRead(RoomsLinkTests.room)).compactMap(\.writtenText).flatMap { text in
            let frame = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return (frame?["data"] as? [String: Any])?["message_ids"] as? [String] ?? []
        }
        #expect(named == (0..<2_000).map { "m\($0)" })
    }

    @Test func aTimelineWindowLetsTheOldestGoAndRemembersTheirIDs() {
        var timeline = Timeline(window: 100, remembering: 1_000)
        let all = (0..<2_000).map { TimelineTests.message(Double($0), clientID: "c\($0)") }
        #expect(timeline.merge(all).count == 2_000)
        #expect(timeline.count >= 100 && timeline.count <= 125)
        #expect(timeline.newest?.id == all.last?.id)
        #expect(timeline.merge([all[1_500]]).isEmpty, "its id is remembered")
        #expect(timeline.contains(clientID: "c1500"))
        #expect(!timeline.contains(id: all[10].id), "older than the memory: forgotten")
    }

    @Test func aRecentSetForgetsTheOldestInserted() {
        var set = RecentSet<Int>(capacity: 3)
        for value in [1, 2, 3, 2, 4] { set.insert(value) }
        #expect(set.count == 3)
        #expect(!set.contains(1) && set.contains(2) && set.contains(3) && set.contains(4))
    }
}
