import Foundation
import Testing
import TestSupport
@testable import ChatClientKit

/// `ChatClient.executor` against the real `chat-server`: an app that runs its tasks there
/// sends and hears its session on the thread of the session's socket.
@Suite(.live, .timeLimit(.minutes(2)))
struct ClientExecutorTests {
    @Test func anAppOnTheClientsExecutorSendsAndHearsOnTheSocketsEventLoop() async throws {
        let rig = try await SessionIntegrationTests.Rig.start(deduplicating: false)
        let conversation = try await rig.conversation()
        let session = try await rig.client.open(conversation.id)
        let loop = try #require(session.executor as? EventLoopExecutor).eventLoop
        let heard = Mailbox<(event: ConversationEvent, onLoop: Bool)>()
        let listener = Task(executorPreference: session.executor) {
            for await event in session.events { heard.push((event, loop.inEventLoop)) }
            heard.finish()
        }
        let (sent, sentOnLoop) = try await withTaskExecutorPreference(session.executor) {
            var sent: [String] = []
            var onLoop = loop.inEventLoop
            for index in 1...3 {
                sent.append(try await session.send("on the loop \(index)").id)
                onLoop = onLoop && loop.inEventLoop
            }
            return (sent, onLoop)
        }
        var echoed: Set<String> = []
        var offLoop = 0
        try await heard.next("the three echoes") { heard in
            if !heard.onLoop { offLoop += 1 }
            if case .messages(let messages) = heard.event { echoed.formUnion(messages.compactMap(\.clientMessageID)) }
            return echoed.isSuperset(of: sent)
        }
        #expect(sentOnLoop, "the sends ran on the socket's loop")
        #expect(offLoop == 0, "every event reached the app on the socket's loop")
        #expect(try await rig.stored(conversation).map(\.content) == ["on the loop 1", "on the loop 2", "on the loop 3"])
        await session.close()
        listener.cancel()
        await rig.shutdown()
    }
}
