import ChatModel
import Foundation
import Testing
import TestSupport

/// `serve --demo` on the rooms side, and the rooms flags of `serve`.
@Suite(.live) struct RoomsDemoTests {
    @Test(arguments: ServerStore.allCases) func demoCustomersWriteInTheirRoomsOnceAnAgentIsConnectedAndTheBotAnswers(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.demo = true
        options.demoInterval = 0.2
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let open = try await http.get("/api/conversations?status=active").decode(Page<Conversation>.self).items
        try #require(!open.isEmpty)
        let agent = try await server.connectRooms("ana", role: "atendente")
        for conversation in open {
            agent.join(conversation.id.rawValue)
        }
        let answer = try await agent.nextEvent("bot_response", timeout: .seconds(60))
        let room = try #require(answer["room_id"]?.stringValue)
        #expect(open.contains { $0.id.rawValue == room })
        let stored = try await http.history(room)
        #expect(stored.contains { $0.id.rawValue == answer["id"]?.stringValue && $0.sender == .system })
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func badRoomsFlagsAreRefused(store: ServerStore) async throws {
        let environment = ["CHAT_SERVER_SECRET": String(repeating: "s", count: 40)]
        for (arguments, complaint) in [
            (["--rooms-bot", "maybe"], "maybe"),
            (["--rooms-heartbeat-timeout", "0"], "--rooms-heartbeat-timeout must be a positive number of seconds"),
            (["--rooms-message-rate", "0"], "rates must be positive"),
        ] {
            let result = try await ServerCommand.run(["serve", "--port", "0"] + arguments, environment: environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(complaint), "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("listening"))
        }
    }
}
