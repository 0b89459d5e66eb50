import ChatClientKit
import Foundation
import PropertyBased
import Testing

@Suite struct TimelineTests {
    static let conversation = ConversationID(UUID())

    static func message(_ seconds: Double, clientID: String? = nil, id: MessageID = MessageID(UUID())) -> Message {
        Message(
            id: id, conversationID: conversation, sender: .client, content: "at \(seconds)",
            metadata: clientID.map { [Message.clientMessageIDKey: .string($0)] },
            timestamp: Date(timeIntervalSince1970: seconds), createdAt: Date(timeIntervalSince1970: seconds))
    }

    @Test func mergesOverlappingPagesOnceInServerOrder() {
        let all = (0..<10).map { Self.message(Double($0)) }
        var timeline = Timeline(Array(all[5...]))
        let added = timeline.merge(Array(all[..<7]))
        #expect(added.map(\.id) == all[..<5].map(\.id))
        #expect(timeline.messages.map(\.id) == all.map(\.id))
    }

    @Test func dedupesByClientIDAcrossDifferentServerIDs() {
        var timeline = Timeline([Self.message(1, clientID: "abc")])
        let added = timeline.merge([Self.message(2, clientID: "abc")])
        #expect(added.isEmpty)
        #expect(timeline.count == 1)
        #expect(timeline.contains(clientID: "abc"))
    }

    @Test func updatesKnownMessages() {
        let original = Self.message(1)
        var timeline = Timeline([original])
        var read = original
        read.isRead = true
        let added = timeline.merge([read])
        #expect(added.isEmpty)
        #expect(timeline.messages[0].isRead)
    }

    @Test func equalTimestampsKeepArrivalOrder() {
        let first = Self.message(5)
        let second = Self.message(5)
        var timeline = Timeline([first])
        timeline.merge([second, Self.message(1)])
        #expect(timeline.messages.map(\.id) == [timeline.messages[0].id, first.id, second.id])
    }

    @Test func anyDeliveryOrderYieldsTheSameSortedTimeline() async {
        await propertyCheck(input: Gen.int(in: 0...1000).array(of: 1...40)) { times in
            let messages = times.enumerated().map { Self.message(Double($0.element), clientID: "c\($0.offset)") }
            var timeline = Timeline()
            for chunk in stride(from: 0, to: messages.count, by: 3) {
                timeline.merge(Array(messages[chunk..<min(chunk + 3, messages.count)]).reversed())
                timeline.merge(Array(messages[..<min(chunk + 2, messages.count)]))
            }
            #expect(timeline.count == messages.count)
            #expect(zip(timeline.messages, timeline.messages.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        }
    }
}
