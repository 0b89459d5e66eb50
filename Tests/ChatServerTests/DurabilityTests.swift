import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct DurabilityTests {
    @Test(arguments: ServerStore.allCases) func nothingAcknowledgedIsLostWhenTheServerIsKilledMidStream(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 100_000
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let id = try await http.newConversationID()
        let socket = try await server.connect(conversation: id)
        try await socket.expectJoined(as: "agent-1")

        let total = 1_500
        for index in 0..<total {
            socket.send(type: "send_message", payload: messagePayload("ws \(index)", clientMessageID: "ws-\(index)"))
        }
        let restAcknowledged = Acknowledgements()
        let restLane = Task {
            for index in 0..<total {
                guard let response = try? await http.postMessage(id, content: "rest \(index)", clientMessageID: "rest-\(index)"),
                      response.status == 201, let message = try? response.decode(Message.self)
                else { return }
                await restAcknowledged.append(try #require(message.id.uuid))
            }
        }
        // Every broadcast message was committed first, so it counts as acknowledged too.
        var broadcast: [UUID] = []
        var echoed = 0
        func record(_ frame: JSONValue) throws {
            guard frame["type"]?.stringValue == "new_message" else { return }
            broadcast.append(try #require(UUID(uuidString: frame["payload"]?["id"]?.stringValue ?? "")))
            if frame["payload"]?["content"]?.stringValue?.hasPrefix("ws ") == true { echoed += 1 }
        }
        while echoed < 40 {
            try record(try await socket.nextFrame())
        }
        await server.kill()
        while case .text(let text) = try await socket.nextEvent() {
            try record(try JSONValue.parse(text))
        }
        // AsyncHTTPClient retries refused connections until the request deadline: stop waiting.
        restLane.cancel()
        _ = await restLane.result
        let acknowledged = broadcast + (await restAcknowledged.ids)
        #expect(echoed < total, "the kill happened with messages in flight")

        try await server.restart()
        let stored = try await allMessages(http, id)
        let storedIDs = Set(stored.compactMap(\.id.uuid))
        #expect(storedIDs.count == stored.count, "no duplicate messages")
        #expect(acknowledged.allSatisfy { storedIDs.contains($0) }, "every acknowledged message survived")
        let clientIDs = stored.compactMap(\.clientMessageID)
        #expect(Set(clientIDs).count == clientIDs.count)
        for (earlier, later) in zip(stored, stored.dropFirst()) {
            #expect(earlier.timestamp < later.timestamp)
        }

        // The client's outbox resends everything after the restart: nothing is stored twice.
        let again = try await server.connect(conversation: id)
        try await again.expectJoined(as: "agent-1")
        for index in 0..<total {
            again.send(type: "send_message", payload: messagePayload("ws \(index)", clientMessageID: "ws-\(index)"))
        }
        for _ in 0..<total {
            _ = try await again.nextFrame(ofType: "new_message")
        }
        let afterResend = try await allMessages(http, id)
        #expect(afterResend.filter { $0.clientMessageID?.hasPrefix("ws-") == true }.count == total)
        #expect(Set(afterResend.map(\.id)).count == afterResend.count)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func aGracefulStopKeepsEverythingAndTheServerComesBackOnTheSamePort(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        var sent: [UUID] = []
        for index in 0..<10 {
            sent.append(try #require(try await http.sendMessage(id, content: "before \(index)").id.uuid))
        }
        let socket = try await server.connect(conversation: id)
        try await socket.expectJoined(as: "agent-1")
        await server.stop()
        let close = try await socket.closeFrame()
        #expect(close.code == 1000)

        try await server.restart()
        #expect(try await allMessages(http, id).map(\.id.uuid) == sent)
        #expect(try await http.conversation(id).unreadCount == 10)
        await server.stop()
    }
}

/// Ids the server acknowledged (201), in order.
private actor Acknowledgements {
    private(set) var ids: [UUID] = []

    func append(_ id: UUID) {
        ids.append(id)
    }
}
