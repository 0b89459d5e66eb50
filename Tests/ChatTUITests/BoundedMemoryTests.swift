import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import ChatTUI

/// A flood from the server (a message burst, a huge list) keeps memory and the work of a
/// frame bounded. The bursts are five windows long (the end-to-end test sends 50 000 to the
/// real binary); serialized, because each is seconds of CPU on the test runner's shared
/// cooperative threads, which other suites' sockets need meanwhile.
@Suite(.live, .serialized) struct BoundedMemoryTests {
    private let one = Fixtures.id(1)
    private static let size = 5 * ConversationBuffer.keptMessages

    /// Message `n` of a burst in conversation 1, a millisecond after the previous one.
    private func burst(_ n: Int, from start: Int = 0) -> Message {
        Fixtures.message(start + n, .client, "burst \(start + n)", at: Fixtures.at(14, 2).addingTimeInterval(Double(start + n) / 1_000))
    }

    private func openedState() -> AppState {
        Fixtures.opened(Fixtures.state(conversations: [Fixtures.conversation(1), Fixtures.conversation(2)]), 1, messages: [])
    }

    @Test func aBurstAtTheBottomKeepsTheNewestWindowAndPagesOlderBack() throws {
        var state = openedState()
        var most = 0
        for n in 0..<Self.size {
            _ = state.update(.session(one, .messages([burst(n)])))
            most = max(most, state.buffers[one]!.timeline.count)
        }
        #expect(most <= ConversationBuffer.keptMessages, "held at most a window after every message")
        let buffer = try #require(state.buffers[one])
        #expect(buffer.timeline.newest?.content == "burst \(Self.size - 1)")
        #expect(!buffer.timeline.reachedStart)
        #expect(Fixtures.lines(state).contains { $0.contains("burst \(Self.size - 1)") })
        _ = state.update(.key(.home))
        let oldest = try #require(buffer.timeline.oldest)
        var effects: [Effect] = []
        for _ in 0..<10_000 where effects.isEmpty { effects = state.update(.key(.pageUp)) }
        #expect(effects == [.loadHistory(one, before: oldest.anchor, limit: 50)])
    }

    @Test func aBurstWhileScrolledUpKeepsTheViewCountsTheNewAndReloadsAtTheBottom() throws {
        var state = openedState()
        _ = state.update(.session(one, .messages((0..<100).map { burst($0) })))
        _ = state.update(.key(.pageUp))
        let chatColumn = state.layout.list.maxX
        func transcriptRows() -> [String] { Fixtures.lines(state).dropLast(6).map { String($0.dropFirst(chatColumn)) } }
        let screen = transcriptRows()
        for n in 100..<Self.size { _ = state.update(.session(one, .messages([burst(n)]))) }
        for n in (Self.size - 2_000)..<(Self.size - 1_990) { _ = state.update(.session(one, .messages([burst(n)]))) }
        let buffer = try #require(state.buffers[one])
        #expect(buffer.timeline.count <= ConversationBuffer.keptMessages)
        #expect(buffer.unseenBelow == Self.size - 100)
        #expect(transcriptRows() == screen)
        #expect(Fixtures.lines(state).contains { $0.contains("burst \(Self.size - 1)") }, "the list previews the newest message")
        var effects: [Effect] = []
        for _ in 0..<10_000 where effects.isEmpty && state.buffers[one]!.scrollOffset > 0 { effects = state.update(.key(.pageDown)) }
        #expect(effects == [.loadHistory(one, before: nil, limit: 50)])
        let latest = (Self.size - 50..<Self.size).map { burst($0) }
        _ = state.update(.historyLoaded(one, before: nil, limit: 50, .success(latest)))
        let reloaded = try #require(state.buffers[one])
        #expect(reloaded.timeline.messages.map(\.content) == latest.map(\.content))
        #expect(reloaded.unseenBelow == 0)
    }

    @Test func anOutboxEntryEchoedBeforeTheWindowMovedIsNotShownAgain() throws {
        var state = openedState()
        let entry = OutboxEntry(id: "mine", conversationID: one, content: "sent by me", createdAt: Fixtures.at(14, 2))
        _ = state.update(.queued(entry))
        let echo = Fixtures.message(0, .admin, "sent by me", at: Fixtures.at(14, 2), clientID: "mine")
        _ = state.update(.session(one, .messages([echo])))
        for n in 1...3_000 { _ = state.update(.session(one, .messages([burst(n)]))) }
        let buffer = try #require(state.buffers[one])
        #expect(!buffer.timeline.contains(id: echo.id))
        #expect(buffer.unsettledOutbox.isEmpty)
    }

    @Test func thirtyThousandConversationsKeepABoundedList() throws {
        let many = (1...30_000).map { Fixtures.conversation($0, lastUpdate: Fixtures.at(14, 0).addingTimeInterval(-Double($0))) }
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 120, height: 40)
        let request = try #require(state.start().compactMap { effect -> ListRequest? in
            if case .loadList(let request) = effect { request } else { nil }
        }.first)
        let effects = state.update(.listLoaded(request, .success(ConversationListing(items: many, total: 30_000, hasNext: true))))
        #expect(state.list.ids.count <= ConversationList.keptConversations)
        #expect(state.conversations.count <= ConversationList.keptConversations)
        #expect(effects.count <= ConversationList.keptConversations)
        #expect(state.list.total == 30_000)
        let end = state.update(.key(.end)).compactMap { effect -> ListRequest? in
            if case .loadList(let request) = effect { request } else { nil }
        }
        #expect(end.map(\.placement) == [.jump(toEnd: true)], "the end is a page of its own, not the window grown to it")
        #expect(end.map(\.firstPage) == [30_000 / request.pageSize])
    }

    @Test func aFrameAppliesAtMostAFramesWorthOfABurst() async throws {
        // Fifty thousand events: seconds of work, kept off the threads other tests share.
        let (events, mostPerFrame, mostHeld, newest, frames) = await onItsOwnThread { [self] in
            var state = openedState()
            var backlog = EventBacklog()
            backlog.append((0..<50_000).map { .session(one, .messages([burst($0)])) })
            let events = backlog.count
            var (mostPerFrame, mostHeld, frames) = (0, 0, 0)
            while !backlog.isEmpty {
                let before = backlog.count
                _ = state.applyFrame(of: &backlog, clock: { 0 })
                mostPerFrame = max(mostPerFrame, before - backlog.count)
                mostHeld = max(mostHeld, state.buffers[one]?.timeline.count ?? 0)
                frames += 1
            }
            return (events, mostPerFrame, mostHeld, state.buffers[one]?.timeline.newest?.content, frames)
        }
        #expect(events == 50_000 / EventBacklog.messagesPerEvent)
        #expect(mostPerFrame <= EventBacklog.eventsPerFrame)
        #expect(mostHeld <= ConversationBuffer.keptMessages)
        #expect(newest == "burst 49999")
        #expect(frames >= 1)
    }

    @Test func aFrameStopsWhenItsTimeIsUpOrTheAgentQuits() {
        var state = openedState()
        var backlog = EventBacklog()
        let two = Fixtures.id(2)
        backlog.append((0..<1_000).map { n in n.isMultiple(of: 2) ? .session(one, .typing(["a"])) : .session(two, .typing(["b"])) })
        var now = 0.0
        _ = state.applyFrame(of: &backlog, clock: {
            now += EventBacklog.secondsPerFrame / 4
            return now
        })
        #expect(backlog.count == 1_000 - 4)
        _ = state.update(.key(.control("c")))
        #expect(state.quitting)
        #expect(state.applyFrame(of: &backlog, clock: { 0 }).isEmpty)
        #expect(backlog.count == 1_000 - 4)
    }

    @Test func mergedMessagesKeepTheirOrderAroundOtherEventsOfTheConversation() {
        var backlog = EventBacklog()
        let two = Fixtures.id(2)
        backlog.append([
            .session(one, .messages([burst(0)])), .session(two, .messages([burst(1)])), .session(one, .messages([burst(2)])),
            .session(one, .typing(["a"])), .session(one, .messages([burst(3)])),
        ])
        var taken: [String] = []
        while let event = backlog.next() {
            switch event {
            case .session(let id, .messages(let messages)): taken.append("\(id == one ? 1 : 2):" + messages.map(\.content).joined(separator: ","))
            case .session(_, .typing): taken.append("typing")
            default: taken.append("other")
            }
        }
        #expect(taken == ["1:burst 0,burst 2", "2:burst 1", "typing", "1:burst 3"])
    }
}
