import ChatModel
import Foundation
import Testing
import TestSupport

@Suite(.live) struct ConversationAPITests {
    @Test(arguments: ServerStore.allCases) func createReadUpdateAndSoftDelete(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let clientID = UUID()
        let agentID = UUID()
        let created = try await http.post("/api/conversations", json: .object([
            "client_id": .string(clientID.uuidString.lowercased()), "channel": "whatsapp", "priority": "High",
            "summary": "Pedido atrasado", "tags": ["entrega"], "assigned_agent_id": .string(agentID.uuidString),
        ]))
        #expect(created.status == 201)
        let conversation = try created.decode(Conversation.self)
        #expect(conversation.clientID == clientID.wireString)
        #expect(conversation.status == .active)
        #expect(conversation.channel == .whatsapp)
        #expect(conversation.priority == .high)
        #expect(conversation.assignedAgentID == agentID.wireString)
        #expect(conversation.tags == ["entrega"])
        #expect(conversation.unreadCount == 0)
        let json = try created.json()
        for key in ["id", "client_id", "status", "channel", "assigned_agent_id", "priority", "summary", "tags",
                    "unread_count", "start_date", "last_update", "created_at", "updated_at"] {
            #expect(json[key] != nil, "missing \(key)")
        }

        #expect(json["id"]?.stringValue == conversation.id.uuidString.lowercased(), "ids are written in lowercase")
        let id = conversation.id.uuidString
        #expect(try await http.conversation(id) == conversation)

        let updated = try await http.put("/api/conversations/\(id)", json: ["priority": "Low", "summary": .null, "tags": ["a", "b"]])
        #expect(updated.status == 200)
        let afterPut = try updated.decode(Conversation.self)
        #expect(afterPut.priority == .low)
        #expect(afterPut.summary == nil)
        #expect(afterPut.tags == ["a", "b"])
        #expect(afterPut.assignedAgentID == agentID.wireString, "fields not sent are kept")

        let pending = try await http.patch("/api/conversations/\(id)/status?status=pending")
        #expect(try pending.decode(Conversation.self).status == .pending)

        let deleted = try await http.delete("/api/conversations/\(id)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try await http.conversation(id).status == .closed)
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func missingConversationsAre404(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let id = UUID().uuidString
        let requests: [TestHTTPResponse] = [
            try await http.get("/api/conversations/\(id)"),
            try await http.put("/api/conversations/\(id)", json: ["priority": "Low"]),
            try await http.patch("/api/conversations/\(id)/status?status=closed"),
            try await http.delete("/api/conversations/\(id)"),
            try await http.post("/api/conversations/\(id)/mark-read"),
            try await http.get("/api/messages?conversation_id=\(id)"),
            try await http.postMessage(id, content: "hello?"),
        ]
        for response in requests {
            #expect(response.status == 404)
            #expect(try response.json() == ["detail": "Conversation not found"])
        }
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func validationErrorsAreFastAPIShaped(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()

        let badCreate = try await http.post("/api/conversations", json: ["channel": "fax", "priority": "Urgent"])
        #expect(badCreate.status == 422)
        let issues = try #require(try badCreate.json()["detail"]?.arrayValue)
        let byField = Dictionary(uniqueKeysWithValues: issues.compactMap { issue in
            issue["loc"]?[1]?.stringValue.map { ($0, issue) }
        })
        #expect(byField["client_id"]?["type"]?.stringValue == "missing")
        #expect(byField["client_id"]?["msg"]?.stringValue == "Field required")
        #expect(byField["channel"]?["type"]?.stringValue == "enum")
        #expect(byField["channel"]?["msg"]?.stringValue == "Input should be 'whatsapp', 'email' or 'web'")
        #expect(byField["priority"]?["msg"]?.stringValue == "Input should be 'Low', 'Medium' or 'High'")
        for issue in issues {
            #expect(issue["loc"]?[0]?.stringValue == "body")
        }

        let badPath = try await http.get("/api/conversations/not-a-uuid")
        #expect(badPath.status == 422)
        #expect(try badPath.json()["detail"]?[0]?["loc"] == ["path", "conversation_id"])
        #expect(try badPath.json()["detail"]?[0]?["type"]?.stringValue == "uuid_parsing")

        let badQuery = try await http.get("/api/conversations?page=0&limit=101&status=open&client_id=x")
        #expect(badQuery.status == 422)
        let queryIssues = try #require(try badQuery.json()["detail"]?.arrayValue)
        #expect(Set(queryIssues.compactMap { $0["loc"]?[1]?.stringValue }) == ["page", "limit", "status", "client_id"])
        #expect(queryIssues.allSatisfy { $0["loc"]?[0]?.stringValue == "query" })

        let id = try await http.newConversationID()
        let badStatus = try await http.patch("/api/conversations/\(id)/status?status=archived")
        #expect(badStatus.status == 422)
        #expect(try badStatus.json()["detail"]?[0]?["loc"] == ["query", "status"])
        let noStatus = try await http.patch("/api/conversations/\(id)/status")
        #expect(try noStatus.json()["detail"]?[0]?["type"]?.stringValue == "missing")

        let notJSON = try await http.send("POST", "/api/conversations", body: Data("{oops".utf8))
        #expect(notJSON.status == 422)
        #expect(try notJSON.json()["detail"]?[0]?["type"]?.stringValue == "json_invalid")

        let unknownRoute = try await http.get("/api/nothing-here")
        #expect(unknownRoute.status == 404)
        #expect(try unknownRoute.json() == ["detail": "Not Found"])
        await server.stop()
    }

    @Test(arguments: ServerStore.allCases) func listFiltersPaginatesAndSortsByLastUpdate(store: ServerStore) async throws {
        let server = try await ChatServerProcess.start(ServerOptions(store: store))
        let http = try server.http()
        let customer = UUID()
        var ids: [UUID] = []
        let specs: [(String, String, String, [String])] = [
            ("active", "High", "Entrega atrasada", ["logística"]),
            ("pending", "Low", "Invoice question", ["billing"]),
            ("active", "Medium", "配送先の変更", ["ADDRESS"]),
            ("closed", "High", "Refund", ["Atenção"]),
            ("active", "Low", "Password reset", []),
        ]
        for (index, spec) in specs.enumerated() {
            let created = try await http.createConversation(
                status: spec.0, priority: spec.1, summary: spec.2, tags: spec.3, clientID: index < 2 ? customer : UUID())
            ids.append(try #require(UUID(uuidString: created["id"]?.stringValue ?? "")))
        }
        // A message bumps last_update: the second conversation becomes the most recent.
        try await http.sendMessage(ids[1].uuidString, content: "any news?")

        let all = try await http.get("/api/conversations").decode(Page<Conversation>.self)
        #expect(all.total == 5)
        #expect(all.page == 1)
        #expect(all.limit == 20)
        #expect(all.hasNext == false)
        #expect(all.items.map(\.id.uuid) == [ids[1], ids[4], ids[3], ids[2], ids[0]])
        let dates = all.items.map(\.lastUpdate)
        #expect(dates == dates.sorted(by: >))

        let envelope = try await http.get("/api/conversations?limit=2&page=2").json()
        #expect(envelope["total"]?.intValue == 5)
        #expect(envelope["page"]?.intValue == 2)
        #expect(envelope["limit"]?.intValue == 2)
        #expect(envelope["has_next"]?.boolValue == true)
        #expect(envelope["items"]?.arrayValue?.compactMap { UUID(uuidString: $0["id"]?.stringValue ?? "") } == [ids[3], ids[2]])
        let last = try await http.get("/api/conversations?limit=2&page=3").decode(Page<Conversation>.self)
        #expect(last.items.map(\.id.uuid) == [ids[0]])
        #expect(last.hasNext == false)
        let beyond = try await http.get("/api/conversations?limit=2&page=9").decode(Page<Conversation>.self)
        #expect(beyond.items.isEmpty)
        #expect(beyond.total == 5)

        func listed(_ query: String) async throws -> Set<UUID> {
            let page = try await http.get("/api/conversations?\(query)").decode(Page<Conversation>.self)
            #expect(page.total == page.items.count)
            return Set(page.items.compactMap(\.id.uuid))
        }
        #expect(try await listed("status=active") == [ids[0], ids[2], ids[4]])
        #expect(try await listed("priority=High") == [ids[0], ids[3]])
        #expect(try await listed("status=active&priority=Low") == [ids[4]])
        #expect(try await listed("client_id=\(customer.uuidString.lowercased())") == [ids[0], ids[1]])
        #expect(try await listed("search=INVOICE") == [ids[1]])
        #expect(try await listed("search=address") == [ids[2]], "tags match case-insensitively")
        #expect(try await listed("search=%E9%85%8D%E9%80%81") == [ids[2]], "CJK summary")
        #expect(try await listed("search=aten%C3%A7%C3%A3o") == [ids[3]])
        #expect(try await listed("search=password+reset") == [ids[4]], "+ is a space")
        #expect(try await listed("search=nothing-matches").isEmpty)
        await server.stop()
    }
}
