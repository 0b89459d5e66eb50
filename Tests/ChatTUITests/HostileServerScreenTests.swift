import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import ChatTUI

/// chat-tui's list against a broken or hostile server, through the real REST client.
@Suite(.live) struct HostileServerScreenTests {
    /// The list's first page as chat-tui's effect runner loads it, with a deadline on the test's side.
    func loadList(from server: HostileServer, timeout: Double) async throws -> Result<ConversationListing, ChatError> {
        let api = try ChatAPI(
            settings: ClientSettings(server: ServerAddress(server.url), token: BearerToken("hostile.test.token")), timeout: timeout)
        let answers = Mailbox<Result<ConversationListing, ChatError>>()
        let task = Task {
            do throws(ChatError) {
                let page = try await api.conversations(ConversationQuery(page: 1, limit: 50))
                answers.push(.success(ConversationListing(items: page.items, total: page.total, hasNext: page.hasNext)))
            } catch {
                answers.push(.failure(error))
            }
        }
        defer { task.cancel() }
        let answer = try #require(try await answers.next(timeout: .seconds(15), waitingFor: "the list to load or fail"))
        await api.shutdown()
        return answer
    }

    @Test func aTrickledListEndsLoadingWithATimeoutError() async throws {
        let server = try await HostileServer.start(.trickle(interval: .milliseconds(500)))
        var state = AppState(timeZone: Fixtures.utc, now: Fixtures.instant(), width: 100, height: 24)
        let request = try #require(state.start().compactMap { effect -> ListRequest? in
            if case .loadList(let request) = effect { request } else { nil }
        }.first)
        _ = state.update(.listLoaded(request, try await loadList(from: server, timeout: 1)))
        let text = Fixtures.lines(state).joined(separator: "\n")
        #expect(!text.contains("Loading conversations…"))
        #expect(text.contains("Cannot load conversations:"))
        #expect(text.contains("127.0.0.1:\(server.port) did not send") || text.contains("127.0.0.1:\(server.port) did not answer"), "\(text)")
    }

    @Test func anAbsurdUnreadCountCannotOverflow() async throws {
        let server = try await HostileServer.start(.unreadCount(.max))
        let listing = try await loadList(from: server, timeout: 30).get()
        let listed = try #require(listing.items.first)
        #expect(listed.unreadCount == WireCount.max)
        var state = Fixtures.state(conversations: [listed, Fixtures.conversation(2)])
        _ = state.update(.key(.enter))
        _ = state.update(.historyLoaded(listed.id, before: nil, limit: 50, .success([])))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.home))
        _ = state.update(.key(.enter))
        #expect(state.openID == Fixtures.id(2))
        #expect(state.buffers[listed.id] != nil)
        _ = state.update(.listLoaded(state.list.refreshRequest(pageSize: 50), .success(listing)))
        let message = Message(
            id: MessageID(UUID()), conversationID: listed.id, sender: .client, content: "one more", timestamp: Date(),
            createdAt: Date())
        _ = state.update(.session(listed.id, .messages([message])))
        #expect(state.conversations[listed.id]?.unreadCount == WireCount.max)
    }
}
