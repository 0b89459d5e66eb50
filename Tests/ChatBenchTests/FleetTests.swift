import ChatClientKit
@testable import chat_bench
import Foundation
import Testing
import TestSupport

/// The fleet's delivery records against a real chat-server.
@Suite(.live, .timeLimit(.minutes(5)))
struct FleetTests {
    /// The throughput section once waited 300 s for an echo it had already seen: the send was
    /// recorded after `send` returned, and an echo that came first found nothing to count.
    @Test func anEchoThatArrivesBeforeSendReturnsIsCounted() async throws {
        let rig = try await BenchRig.start(serverURL: nil)
        let conversation = try #require(try await rig.conversations(1).first)
        let fleet = Fleet()
        let client = try rig.client("early")
        fleet.own(client)
        try await fleet.open(conversation, on: client)
        #expect(await fleet.wait(timeout: 30) { fleet.connectedCount == 1 })
        try await fleet.send("echoed early", on: 0) { session, text, clientID in
            try await session.send(text, clientID: clientID)
            #expect(await fleet.wait(timeout: 30) { fleet.sessionsThatReceived(atLeast: 1) == 1 }, "the echo came before send returned")
        }
        #expect(fleet.deliveries.map { $0.echoedAt != nil } == [true])
        await fleet.close()
        await rig.shutdown()
    }
}
