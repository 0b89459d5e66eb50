import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct MessageAPITests {
    @Test(arguments: ServerStore.allCases) func postReturns201WithTheStoredMessageForAnySender(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        for sender in ["client", "admin", "system"] {
            let response = try await http.post("/api/messages", json: .object([
                "conversation_id": .string(id), "sender": .string(sender), "type": "file", "content": "report.pdf 📎",
                "metadata": ["size": 1024, "nested": ["ok": true]],
            ]))
            #expect(response.status == 201)
            let message = try response.decode(Message.self)
            #expect(message.sender.rawValue == sender)
            #expect(message.kind == .file)
            #expect(message.isRead == false)
            #expect(message.metadata == ["size": 1024, "nested": ["ok": true]])
            #expect(message.createdAt == message.timestamp)
        }
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func closedConversationRefusesRESTMessages(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID(status: "closed")
        let response = try await http.postMessage(id, content: "hello?")
        #expect(response.status == 400)
        #expect(try response.json() == ["detail": "Cannot send message to closed conversation"])
        #expect(try await http.history(id).isEmpty)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func messageValidationIs422(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        let empty = try await http.post("/api/messages", json: .object([
            "conversation_id": .string(id), "sender": "robot", "content": "  ", "metadata": "x",
        ]))
        #expect(empty.status == 422)
        let fields = Set(try #require(try empty.json()["detail"]?.arrayValue).compactMap { $0["loc"]?[1]?.stringValue })
        #expect(fields == ["sender", "content", "metadata"])

        let tooLong = try await http.postMessage(id, content: String(repeating: "x", count: 5_001))
        #expect(tooLong.status == 422)
        #expect(try tooLong.json()["detail"]?[0]?["msg"]?.stringValue == "Value error, content must be at most 5000 characters")

        let badHistory = try await http.get("/api/messages?limit=0&before_id=zzz")
        #expect(badHistory.status == 422)
        let historyFields = Set(try #require(try badHistory.json()["detail"]?.arrayValue).compactMap { $0["loc"]?[1]?.stringValue })
        #expect(historyFields == ["conversation_id", "limit", "before_id"])

        let unknownAnchor = try await http.get("/api/messages?conversation_id=\(id)&before_id=\(UUID().uuidString)")
        #expect(unknownAnchor.status == 404)
        #expect(try unknownAnchor.json() == ["detail": "Message not found"])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func historyIsOldestFirstWithStrictlyIncreasingTimestampsAndBeforeIDPaging(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        let socket = try await server.connect(conversation: id)
        try await socket.expectJoined(as: "agent-1")
        var sent: [UUID] = []
        for index in 0..<23 {
            if index % 3 == 0 {
                socket.send(type: "send_message", payload: messagePayload("ws \(index)"))
                var echo = try await socket.nextFrame(ofType: "new_message")
                while echo["payload"]?["content"]?.stringValue != "ws \(index)" {
                    echo = try await socket.nextFrame(ofType: "new_message")
                }
                sent.append(try #require(UUID(uuidString: echo["payload"]?["id"]?.stringValue ?? "")))
            } else {
                sent.append(try #require(try await http.sendMessage(id, sender: index % 2 == 0 ? "client" : "system", content: "rest \(index)").id.uuid))
            }
        }
        let all = try await http.history(id)
        #expect(all.map(\.id.uuid) == sent)
        for (earlier, later) in zip(all, all.dropFirst()) {
            #expect(earlier.timestamp < later.timestamp)
        }

        let newest = try await http.history(id, limit: 5)
        #expect(newest.map(\.id.uuid) == Array(sent.suffix(5)))
        let before = try await http.history(id, limit: 5, beforeID: sent[10].uuidString)
        #expect(before.map(\.id.uuid) == Array(sent[5..<10]))
        let head = try await http.history(id, limit: 5, beforeID: sent[2].uuidString)
        #expect(head.map(\.id.uuid) == Array(sent[0..<2]))
        let none = try await http.history(id, limit: 5, beforeID: sent[0].uuidString)
        #expect(none.isEmpty)

        var pagedBack: [UUID] = []
        var anchor: String?
        while true {
            let page = try await http.history(id, limit: 4, beforeID: anchor)
            if page.isEmpty { break }
            pagedBack = page.compactMap(\.id.uuid) + pagedBack
            anchor = page[0].id.uuidString
        }
        #expect(pagedBack == sent)

        let defaultLimit = try await http.get("/api/messages?conversation_id=\(id)").decode([Message].self)
        #expect(defaultLimit.count == 23)
        let conversation = try await http.conversation(id)
        #expect(conversation.lastUpdate == all.last?.timestamp)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func unreadCountTracksUnreadNonAdminMessagesThroughEveryMarkReadPath(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        let first = try await http.sendMessage(id, sender: "client", content: "1")
        let second = try await http.sendMessage(id, sender: "system", content: "2")
        try await http.sendMessage(id, sender: "admin", content: "3")
        let fourth = try await http.sendMessage(id, sender: "client", content: "4")
        let fifth = try await http.sendMessage(id, sender: "client", content: "5")
        #expect(try await http.conversation(id).unreadCount == 4, "admin messages are not unread")

        let marked = try await http.patch("/api/messages/mark-read", json: [
            .string(first.id.uuidString), .string(second.id.uuidString.lowercased()), .string(UUID().uuidString),
        ])
        #expect(marked.status == 200)
        #expect(try marked.decode(MarkReadResult.self) == MarkReadResult(success: true, markedCount: 2, message: "Marked 2 messages as read"))
        #expect(try await http.conversation(id).unreadCount == 2)
        let again = try await http.patch("/api/messages/mark-read", json: [.string(first.id.uuidString)])
        #expect(try again.decode(MarkReadResult.self).markedCount == 0)

        let socket = try await server.connect(conversation: id)
        try await socket.expectJoined(as: "agent-1")
        socket.send(type: "mark_read", payload: ["message_ids": [.string(fourth.id.uuidString)]])
        socket.send("{}")
        #expect(try await socket.nextError() == "Missing message type", "frames are handled in order: mark_read is done")
        #expect(try await http.conversation(id).unreadCount == 1)
        #expect(try await http.history(id).filter { !$0.isRead }.map(\.id).contains(fifth.id))

        let cleared = try await http.post("/api/conversations/\(id)/mark-read")
        #expect(cleared.status == 200)
        #expect(try cleared.decode(Conversation.self).unreadCount == 0)
        #expect(try await http.history(id).filter { $0.sender != .admin }.allSatisfy { $0.isRead })

        try await http.sendMessage(id, sender: "client", content: "6")
        #expect(try await http.conversation(id).unreadCount == 1)
        let listed = try await http.get("/api/conversations").decode(Page<Conversation>.self)
        #expect(listed.items.first { $0.id.uuid == UUID(uuidString: id) }?.unreadCount == 1)

        let badIDs = try await http.patch("/api/messages/mark-read", json: ["nope"])
        #expect(badIDs.status == 422)
        #expect(try badIDs.json()["detail"]?[0]?["loc"] == ["body", 0])
        let notAList = try await http.patch("/api/messages/mark-read", json: ["ids": []])
        #expect(notAList.status == 422)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func aRepeatedClientMessageIDReturnsTheStoredMessageOverREST(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        let first = try await http.postMessage(id, content: "once", clientMessageID: "client-1")
        #expect(first.status == 201)
        let repeated = try await http.postMessage(id, content: "once (retry)", clientMessageID: "client-1")
        #expect(repeated.status == 200)
        #expect(try repeated.decode(Message.self) == first.decode(Message.self))

        let otherConversation = try await http.newConversationID()
        #expect(try await http.postMessage(otherConversation, content: "same id elsewhere", clientMessageID: "client-1").status == 201)
        #expect(try await http.history(id).map(\.content) == ["once"])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func withoutDedupeARepeatedClientMessageIDIsStoredAgainLikeTheSeedServers(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.deduplicates = false
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let id = try await http.newConversationID()
        #expect(try await http.postMessage(id, content: "once", clientMessageID: "client-1").status == 201)
        #expect(try await http.postMessage(id, content: "twice", clientMessageID: "client-1").status == 201)
        let history = try await http.history(id)
        #expect(history.map(\.content) == ["once", "twice"])
        #expect(history.map(\.clientMessageID) == ["client-1", "client-1"], "metadata is still echoed unchanged")
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func aRepeatedClientMessageIDOverWebSocketEchoesTheStoredMessageOnlyToTheSender(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = try await http.newConversationID()
        let sender = try await server.connect(conversation: id, token: server.token(sub: "agent-1"))
        try await sender.expectJoined(as: "agent-1")
        let watcher = try await server.connect(conversation: id, token: server.token(sub: "agent-2"))
        try await watcher.expectJoined(as: "agent-2")

        sender.send(type: "send_message", payload: messagePayload("exactly once", clientMessageID: "c-42"))
        let original = try await sender.nextFrame(ofType: "new_message")
        #expect(try await watcher.nextFrame(ofType: "new_message")["payload"] == original["payload"])

        sender.send(type: "send_message", payload: messagePayload("exactly once", clientMessageID: "c-42"))
        let replay = try await sender.nextFrame(ofType: "new_message")
        #expect(replay["payload"] == original["payload"])

        sender.send(type: "send_message", payload: messagePayload("next"))
        let next = try await watcher.nextFrame(ofType: "new_message")
        #expect(next["payload"]?["content"]?.stringValue == "next", "the watcher saw no second copy")
        #expect(try await http.history(id).map(\.content) == ["exactly once", "next"])
        await server.stop()
    }
}
