import ChatModel
import Foundation
import PropertyBased
import Testing
import TestSupport

/// Random sequences of sends and mark-reads against a live server, checked against a model.
@Suite(.live) struct MessagePropertyTests {
    enum Operation: Sendable, CustomStringConvertible {
        case send(Message.Sender, overWebSocket: Bool)
        case markConversationRead
        case markMessages([Int])
        case markMessagesOverWebSocket([Int])

        var description: String {
            switch self {
            case .send(let sender, let ws): "send(\(sender.rawValue)\(ws ? ", ws" : ""))"
            case .markConversationRead: "markConversationRead"
            case .markMessages(let picks): "markMessages(\(picks))"
            case .markMessagesOverWebSocket(let picks): "markMessagesOverWebSocket(\(picks))"
            }
        }
    }

    /// What the server should hold: messages in order, and which are read.
    struct Model {
        var messages: [(id: UUID, sender: Message.Sender, isRead: Bool)] = []

        var unreadCount: Int { messages.filter { $0.sender != .admin && !$0.isRead }.count }

        /// The ids picked by random numbers (none when nothing was sent yet).
        func ids(_ picks: [Int]) -> [UUID] {
            messages.isEmpty ? [] : picks.map { messages[$0 % messages.count].id }
        }

        mutating func markRead(_ ids: [UUID]) {
            for index in messages.indices where ids.contains(messages[index].id) {
                messages[index].isRead = true
            }
        }
    }

    static let operations = zip(Gen.int(in: 0...9), Gen.int(in: 0...999).array(of: 0...4)).map { kind, picks -> Operation in
        switch kind {
        case 0...2: .send(.client, overWebSocket: false)
        case 3: .send(.system, overWebSocket: false)
        case 4: .send(.admin, overWebSocket: false)
        case 5: .send(.admin, overWebSocket: true)
        case 6: .markConversationRead
        case 7: .markMessages(picks)
        default: .markMessagesOverWebSocket(picks)
        }
    }.array(of: 1...20)

    @Test(arguments: ServerStore.allCases) func unreadCountAndOrderMatchTheModel(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 100_000
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        await propertyCheck(count: 25, input: Self.operations) { operations in
            let id = try await http.newConversationID()
            let socket = try await server.connect(conversation: id)
            try await socket.expectJoined(as: "agent-1")
            var model = Model()
            for (step, operation) in operations.enumerated() {
                switch operation {
                case .send(let sender, true):
                    socket.send(type: "send_message", payload: messagePayload("step \(step)"))
                    let echo = try await socket.nextFrame(ofType: "new_message")
                    model.messages.append((try #require(UUID(uuidString: echo["payload"]?["id"]?.stringValue ?? "")), sender, false))
                case .send(let sender, false):
                    let message = try await http.sendMessage(id, sender: sender.rawValue, content: "step \(step)")
                    let broadcast = try await socket.nextFrame(ofType: "new_message")
                    #expect(UUID(uuidString: broadcast["payload"]?["id"]?.stringValue ?? "") == message.id.uuid)
                    model.messages.append((try #require(message.id.uuid), sender, false))
                case .markConversationRead:
                    let reply = try await http.post("/api/conversations/\(id)/mark-read")
                    #expect(try reply.decode(Conversation.self).unreadCount == 0)
                    model.markRead(model.messages.filter { $0.sender != .admin }.map(\.id))
                case .markMessages(let picks):
                    let ids = model.ids(picks)
                    let expected = Set(ids).filter { id in model.messages.contains { $0.id == id && !$0.isRead } }.count
                    let reply = try await http.patch("/api/messages/mark-read", json: .array(ids.map { .string($0.uuidString) }))
                    #expect(try reply.decode(MarkReadResult.self).markedCount == expected)
                    model.markRead(ids)
                case .markMessagesOverWebSocket(let picks):
                    let ids = model.ids(picks)
                    socket.send(type: "mark_read", payload: ["message_ids": .array(ids.map { .string($0.uuidString) })])
                    socket.send("{}")
                    #expect(try await socket.nextError() == "Missing message type")
                    model.markRead(ids)
                }
                #expect(try await http.conversation(id).unreadCount == model.unreadCount, "after \(operation)")
            }
            let history = try await http.history(id)
            #expect(history.map(\.id.uuid) == model.messages.map(\.id))
            #expect(history.map(\.isRead) == model.messages.map(\.isRead))
            for (earlier, later) in zip(history, history.dropFirst()) {
                #expect(earlier.timestamp < later.timestamp)
            }
            socket.close()
        }
        await server.stop()
    }

    /// Concurrent senders: history order is the broadcast order, timestamps strictly increase,
    /// each sender's own order is kept, and `before_id` paging returns the same sequence.
    @Test(arguments: ServerStore.allCases) func concurrentSendsAreStoredAndBroadcastInOneOrder(store: ServerStore) async throws {
        var options = ServerOptions(store: store)
        options.messageRate = 100_000
        let server = try await ChatServerProcess.start(options)
        let http = try server.http()
        let lanes = Gen.int(in: 1...6).array(of: 2...4)
        await propertyCheck(count: 15, input: lanes, Gen.int(in: 1...7)) { lanes, pageSize in
            let id = try await http.newConversationID()
            let observer = try await server.connect(conversation: id)
            try await observer.expectJoined(as: "agent-1")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (lane, count) in lanes.enumerated() {
                    let client = try server.http(token: server.token(sub: "agent-\(lane)"))
                    group.addTask {
                        for index in 0..<count {
                            try await client.sendMessage(id, sender: lane % 2 == 0 ? "client" : "admin", content: "\(lane):\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            var broadcast: [String] = []
            while broadcast.count < lanes.reduce(0, +) {
                broadcast.append(try await observer.nextFrame(ofType: "new_message")["payload"]?["content"]?.stringValue ?? "")
            }
            let history = try await http.history(id)
            #expect(history.map(\.content) == broadcast)
            for (earlier, later) in zip(history, history.dropFirst()) {
                #expect(earlier.timestamp < later.timestamp)
            }
            for (lane, count) in lanes.enumerated() {
                #expect(history.map(\.content).filter { $0.hasPrefix("\(lane):") } == (0..<count).map { "\(lane):\($0)" })
            }
            var paged: [Message] = []
            var anchor: String?
            while true {
                let page = try await http.history(id, limit: pageSize, beforeID: anchor)
                guard let oldest = page.first else { break }
                paged = page + paged
                anchor = oldest.id.uuidString
            }
            #expect(paged == history)
            observer.close()
        }
        await server.stop()
    }
}
