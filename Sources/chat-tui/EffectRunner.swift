import ChatClientKit
import ChatTUI
import Foundation
import Logging

/// Runs the effects that talk to the server: each becomes a task whose result is posted
/// back to the UI's queue as an `AppEvent`. Called on the UI thread; never blocks it for
/// the network (only the outbox write on Enter is synchronous, so a message is on disk
/// before anything else happens to it).
struct EffectRunner: Sendable {
    let client: ChatClient
    let queue: EventQueue
    let sessions: SessionRegistry
    let logger: Logger

    func perform(_ effect: Effect) {
        let api = client.api
        let directory = client.directory
        switch effect {
        case .loadList(let request) where !client.settings.dialect.capabilities.listsConversations:
            post { .listLoaded(request, await Self.result { ConversationListing.recorded(try client.recordedConversations()) }) }
        case .loadList(let request):
            post { .listLoaded(request, await Self.result { try await Self.load(request, from: directory) }) }
        case .loadPreview(let id):
            post { .previewLoaded(id, await Self.result { try await client.newestMessage(in: id) }) }
        case .openSession(let id, let customerID):
            sessions.open(id, customerID: customerID)
        case .loadHistory(let id, let before, let limit):
            sessions.send(.loadHistory(before: before, limit: limit), to: id)
        case .send(let id, let text):
            do {
                let entry = try client.outbox.add(conversationID: id, content: text)
                queue.post(.queued(entry))
                sessions.send(.deliver(entry), to: id)
            } catch {
                logger.error("cannot write the outbox", metadata: ["error": "\(error)"])
                queue.post(.notQueued(id, text: text, reason: "\(error)"))
            }
        case .retry(let id, let clientIDs):
            sessions.send(.retry(clientIDs), to: id)
        case .discard(let id, let clientIDs):
            sessions.send(.discard(clientIDs), to: id)
        case .typed(let id):
            sessions.send(.typed, to: id)
        case .clearedInput(let id):
            sessions.send(.cleared, to: id)
        case .reconnect(let ids):
            for id in ids { sessions.send(.reconnect, to: id) }
        case .markRead(let id):
            sessions.send(.markRead, to: id)
        case .setStatus(let id, let status):
            post { .statusChanged(id, await Self.result { try await directory.setStatus(id, status) }) }
        case .create(let draft):
            post { .created(await Self.result { try await api.createConversation(draft) }) }
        case .generateClientID:
            queue.post(.clientIDGenerated(UUID()))
        case .loadStoredOutbox:
            do {
                queue.post(.storedOutbox(try client.outbox.entries()))
            } catch {
                logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            }
        case .bell, .redraw, .quit:
            break  // the terminal's business (AppLoop)
        }
    }

    private func post(_ work: @escaping @Sendable () async -> AppEvent) {
        let queue = self.queue
        Task { queue.post(await work()) }
    }

    static func result<T>(_ body: () async throws -> T) async -> Result<T, ChatError> {
        do {
            return .success(try await body())
        } catch let error as ChatError {
            return .failure(error)
        } catch {
            return .failure(.invalidResponse("\(error)"))
        }
    }

    /// The pages of a list request, concatenated.
    private static func load(_ request: ListRequest, from directory: any ConversationDirectory) async throws(ChatError)
        -> ConversationListing
    {
        var items: [Conversation] = []
        var last: Page<Conversation>?
        for page in request.firstPage..<request.firstPage + request.pageCount {
            let answer = try await directory.conversations(request.filter.query(page: page, limit: request.pageSize))
            items += answer.items
            last = answer
            if !answer.hasNext { break }
        }
        return ConversationListing(items: items, total: last?.total ?? items.count, hasNext: last?.hasNext ?? false)
    }
}
