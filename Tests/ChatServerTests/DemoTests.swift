import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct DemoTests {
    @Test(arguments: ServerStore.allCases) func demoSeedsVariedConversationsAndItsCustomersTypeThenWrite(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.demo = true
        options.demoInterval = 0.2
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let seeded = try await http.get("/api/conversations").decode(Page<Conversation>.self).items
        #expect(seeded.count >= 5)
        #expect(Set(seeded.map(\.channel)) == Set(Conversation.Channel.allCases))
        #expect(Set(seeded.map(\.priority)) == Set(Conversation.Priority.allCases))
        #expect(Set(seeded.map(\.status)) == Set(Conversation.Status.allCases))
        let texts = seeded.compactMap(\.summary).joined()
        #expect(texts.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "some CJK")
        #expect(texts.contains("ã"), "some Portuguese")

        // Leave the customers a single open conversation to write in.
        let target = try #require(seeded.first { $0.status == .active })
        for conversation in seeded where conversation.id != target.id && conversation.status != .closed {
            #expect(try await http.patch("/api/conversations/\(conversation.id.uuidString)/status?status=closed").status == 200)
        }
        let socket = try await server.connect(conversation: target.id.uuidString)
        let typing = try await socket.nextFrame(ofType: "user_typing", timeout: .seconds(60))
        #expect(UUID(uuidString: typing["payload"]?["user_id"]?.stringValue ?? "")?.wireString == target.clientID)
        let message = try await socket.nextFrame(ofType: "new_message", timeout: .seconds(60))
        #expect(message["payload"]?["sender"]?.stringValue == "client")
        let stored = try await http.history(target.id.uuidString)
        #expect(stored.contains { $0.id.uuid == UUID(uuidString: message["payload"]?["id"]?.stringValue ?? "") })
        await server.stop()

        try await server.restart()
        let afterRestart = try await http.get("/api/conversations").decode(Page<Conversation>.self)
        #expect(afterRestart.total == seeded.count, "a restart does not seed again")
        await server.stop()
    }
}
