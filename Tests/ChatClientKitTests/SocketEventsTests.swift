import Testing

@testable import ChatClientKit

/// A burst of messages reaches the reader as one batch, in order, with one signal; a reader
/// that falls behind pauses the socket.
@Suite struct SocketEventsTests {
    @Test func aBurstIsOneSignalAndOneBatchInOrder() async throws {
        let events = SocketEvents()
        for index in 0..<3 { #expect(events.deliver(.text("m\(index)")) == false) }
        events.ended(SocketEnding(code: 1000, reason: "bye"))
        var batches: [[InboundFrame]] = []
        var ending: SocketEnding?
        while let event = await events.next() {
            switch event {
            case .messages: batches.append(events.takeAll())
            case .ended(let end): ending = end
            default: Issue.record("unexpected \(event)")
            }
        }
        #expect(batches == [[.text("m0"), .text("m1"), .text("m2")]], "one signal for the three")
        #expect(ending == SocketEnding(code: 1000, reason: "bye"))
    }

    @Test func theSocketPausesWhileTheInboxIsFullAndAMessageAfterATakeSignalsAgain() {
        let events = SocketEvents()
        let pauses = (1...SocketEvents.pauseAt + 1).map { events.deliver(.text("m\($0)")) }
        #expect(pauses.firstIndex(of: true) == SocketEvents.pauseAt - 1, "paused at the 64th waiting message, once")
        #expect(pauses.count { $0 } == 1)
        #expect(events.takeAll().count == SocketEvents.pauseAt + 1)
        #expect(events.takeAll().isEmpty)
        #expect(events.deliver(.text("after")) == false)
        #expect(events.takeAll() == [.text("after")])
    }
}

/// The reader's wait: an event reaches a reader already waiting, and nothing is reported
/// after the end.
@Suite struct SocketEventsEndTests {
    @Test func aWaitingReaderGetsTheEndAndNothingAfterIt() async {
        let events = SocketEvents()
        async let first = events.next()
        events.notOpened(.success(()))
        _ = events.deliver(.text("after the end"))
        events.ended(SocketEnding(code: 1000, reason: "later"))
        let refused = if case .refused? = await first { true } else { false }
        #expect(refused, "the refusal reaches the waiting reader")
        let after = await events.next()
        #expect(after == nil, "the refusal ends the events")
    }
}
