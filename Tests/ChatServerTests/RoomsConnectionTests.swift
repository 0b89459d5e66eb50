import ChatModel
import ChatServerCore
import Foundation
import Testing
import TestSupport

/// `/ws/chat/{user_id}`: who may connect, the `connected` frame, and frames the server refuses.
@Suite(.live) struct RoomsConnectionTests {
    @Test(arguments: ServerStore.allCases) func roleAndTokenAreCheckedAfterTheUpgrade(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let own = try server.token(sub: "ana", role: "atendente")
        #expect(try await server.roomsRefusal(user: "ana", role: "boss", token: own) == "4001 Invalid role")
        #expect(try await server.roomsRefusal(user: "ana", role: "", token: own) == "4001 Invalid role")
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: "not-a-jwt") == "4002 Invalid token")
        let expired = try server.token(sub: "ana", role: "atendente", ttl: -60)
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: expired) == "4002 Invalid token")
        let forged = try await TokenAuthority(secret: ServerSecret.random()).mint(sub: "ana", ttl: 60)
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: forged) == "4002 Invalid token")
        let someoneElse = try server.token(sub: "bia", role: "atendente")
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: someoneElse) == "4003 Token mismatch")
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: nil) == "4002 Token required")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func anonymousDeploymentsAcceptAMissingTokenButStillCheckAGivenOne(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.roomsAnonymous = true
        let server = try await ChatServerProcess.start(options)
        let socket = try await TestWebSocket.connect(server.roomsURL(user: "visitante-7", role: "cliente", token: nil))
        let connected = try await socket.expectEvent("connected")
        #expect(connected["user_id"]?.stringValue == "visitante-7")
        #expect(connected["role"]?.stringValue == "cliente")
        let someoneElse = try server.token(sub: "bia")
        #expect(try await server.roomsRefusal(user: "ana", role: "cliente", token: someoneElse) == "4003 Token mismatch")
        #expect(try await server.roomsRefusal(user: "ana", role: "cliente", token: "garbage") == "4002 Invalid token")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func connectedCarriesTheConnectionUserRoleAndServerTime(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let socket = try await TestWebSocket.connect(
            server.roomsURL(user: "sup-1", role: "supervisor", token: try server.token(sub: "sup-1", role: "whatever")))
        let frame = try await socket.nextFrame()
        #expect(frame["event"]?.stringValue == "connected")
        #expect(Timestamp.parse(frame["timestamp"]?.stringValue ?? "") != nil)
        #expect(UUID(uuidString: frame["message_id"]?.stringValue ?? "") != nil)
        let data = try #require(frame["data"])
        #expect(UUID(uuidString: data["connection_id"]?.stringValue ?? "") != nil)
        #expect(data["user_id"]?.stringValue == "sup-1")
        #expect(data["role"]?.stringValue == "supervisor")
        #expect(Timestamp.parse(data["server_time"]?.stringValue ?? "") != nil)

        let second = try await TestWebSocket.connect(
            server.roomsURL(user: "sup-1", role: "supervisor", token: try server.token(sub: "sup-1")))
        let again = try await second.expectEvent("connected")
        #expect(again["connection_id"] != data["connection_id"], "each socket has its own connection id")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func aFourthSocketOfTheSameUserIsRefused(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        var sockets: [TestWebSocket] = []
        for _ in 0..<3 {
            sockets.append(try await server.connectRooms("ana"))
        }
        let token = try server.token(sub: "ana")
        #expect(try await server.roomsRefusal(user: "ana", role: "atendente", token: token) == "1008 Too many connections")
        for socket in sockets {
            try await socket.expectNothingPending()
        }
        _ = try await server.connectRooms("bia")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func everyMalformedFrameIsAnsweredAndTheSocketStaysOpen(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let room = try await server.http().newConversationID()
        let socket = try await server.connectRooms("ana")
        let cases: [(String, String, String?)] = [
            ("{not json", "Invalid message format", "frame must be a JSON object"),
            ("[1, 2]", "Invalid message format", "frame must be a JSON object"),
            (#"{"data": {}}"#, "Invalid message format", "event is required"),
            (#"{"event": 7}"#, "Invalid message format", "event is required"),
            (#"{"event": "join_room", "data": "room"}"#, "Invalid message format", "data must be an object"),
            (#"{"event": "join_room", "data": {}}"#, "Invalid message format", "room_id is required"),
            (#"{"event": "message", "data": {"content": "hi"}}"#, "Invalid message format", "room_id is required"),
            (#"{"event": "typing_start"}"#, "Invalid message format", "room_id is required"),
            (#"{"event": "message", "data": {"room_id": "\#(room)", "content": 5}}"#, "Invalid message format",
             "content must be a string"),
            (#"{"event": "message", "data": {"room_id": "\#(room)", "content": "  "}}"#, "Invalid message format",
             "content must not be empty"),
            (#"{"event": "message", "data": {"room_id": "\#(room)", "content": "x", "type": "video"}}"#,
             "Invalid message format", "type must be one of text, image, file"),
            (#"{"event": "message_read", "data": {"room_id": "\#(room)", "message_ids": ["nope"]}}"#,
             "Invalid message format", "message_ids must be an array of message ids"),
            (#"{"event": "shout", "data": {}}"#, "Unknown event: shout", nil),
        ]
        for (frame, error, details) in cases {
            socket.send(frame)
            #expect(try await socket.expectError() == (details.map { "\(error): \($0)" } ?? error), "\(frame)")
        }
        socket.sendBinary([1, 2, 3])
        #expect(try await socket.expectError().hasPrefix("Invalid message format: binary frames"))
        socket.send(#"{"event": "heartbeat", "data": {}, "extra": true}"#)
        #expect(try await socket.expectEvent("heartbeat")["status"]?.stringValue == "alive")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func framesOverTheSizeLimitAreRefusedWithoutClosing(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(quietRooms(store))
        let room = try await server.http().newConversationID()
        let socket = try await server.connectRooms("ana")
        socket.join(room)
        socket.say(String(repeating: "a", count: 10_240), in: room)
        #expect(try await socket.expectError().hasPrefix("Message too large: 10"))
        socket.say("fits", in: room)
        try await socket.expectEvent("message_sent")
        #expect(try await server.http().history(room).map(\.content) == ["fits"])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func heartbeatIsAnsweredWithTheServerTime(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let socket = try await server.connectRooms("joao", role: "cliente")
        socket.send(event: "heartbeat")
        let reply = try await socket.expectEvent("heartbeat")
        #expect(reply["status"]?.stringValue == "alive")
        #expect(Timestamp.parse(reply["server_time"]?.stringValue ?? "") != nil)
        await server.stop()
    }
}
