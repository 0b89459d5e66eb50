import ChatClientKit
import Foundation
import Synchronization

/// Many ChatClientKit sessions and what happened on them, recorded as it happens:
/// connection states, connect attempts, outbox sizes and when each message (by client id)
/// was sent, echoed to its sender and received by the others.
final class Fleet: Sendable {
    struct Delivery {
        var sender: Int
        var sentAt: Double
        var echoedAt: Double?
        var receivedAt: [Double] = []
    }

    private struct Record {
        var connected: Set<Int> = []
        var outbox: [Int: Int] = [:]
        var connectAttempts: [Double] = []
        var deliveries: [String: Delivery] = [:]
        var received: [Int: Int] = [:]
    }

    /// The sessions by index; an index is taken before its session opens.
    private let list = Mutex((sessions: [Int: ConversationSession](), next: 0))
    private let clients = Mutex([ChatClient]())
    private let record = Mutex(Record())

    /// Makes the fleet shut `client` down when it closes.
    func own(_ client: ChatClient) {
        clients.withLock { $0.append(client) }
    }

    /// Opens a session in `conversation` on `client` whose events the fleet records as the
    /// link hands them over (a handler, not a task per session); returns its index. It
    /// reports nothing from before it opened (`Backfill.none`): no history page is fetched,
    /// as the Python clients compare-bench measures beside chat-bench fetch none.
    @discardableResult
    func open(_ conversation: ConversationID, on client: ChatClient) async throws -> Int {
        let index = list.withLock { list in
            defer { list.next += 1 }
            return list.next
        }
        let session = try await client.open(conversation, backfill: .none) { [weak self] event in self?.note(event, from: index) }
        list.withLock { $0.sessions[index] = session }
        return index
    }

    private func note(_ event: ConversationEvent, from index: Int) {
        let now = Stopwatch.now
        record.withLock { record in
            switch event {
            case .state(let state):
                if state == .connected { record.connected.insert(index) } else { record.connected.remove(index) }
                if case .connecting = state { record.connectAttempts.append(now) }
            case .outbox(let entries):
                record.outbox[index] = entries.count
            case .messages(let messages):
                record.received[index, default: 0] += messages.count
                for clientID in messages.compactMap(\.clientMessageID) {
                    guard var delivery = record.deliveries[clientID] else { continue }
                    if delivery.sender == index { delivery.echoedAt = now } else { delivery.receivedAt.append(now) }
                    record.deliveries[clientID] = delivery
                }
            default:
                break
            }
        }
    }

    /// How a message is handed to its session: `ConversationSession.send`, or in tests one
    /// that lets the echo in before it returns.
    typealias Sending = @Sendable (ConversationSession, _ text: String, _ clientID: String) async throws -> Void

    /// Sends `text` on session `index`, recording the send time under its client id first:
    /// an echo can arrive before `send` returns, and must find the delivery to count.
    func send(
        _ text: String, on index: Int, through sending: Sending = { try await $0.send($1, clientID: $2) }
    ) async throws {
        let clientID = UUID.random().wireString
        record.withLock { $0.deliveries[clientID] = Delivery(sender: index, sentAt: Stopwatch.now) }
        do {
            try await sending(list.withLock { $0.sessions[index]! }, text, clientID)
        } catch {
            record.withLock { _ = $0.deliveries.removeValue(forKey: clientID) }
            throw error
        }
    }

    /// The open sessions, by index.
    var sessions: [ConversationSession] { list.withLock { $0.sessions.sorted { $0.key < $1.key }.map(\.value) } }
    var connectedCount: Int { record.withLock { $0.connected.count } }
    var pendingOutbox: Int { record.withLock { $0.outbox.values.reduce(0, +) } }
    var connectAttempts: [Double] { record.withLock { $0.connectAttempts } }
    var deliveries: [Delivery] { record.withLock { Array($0.deliveries.values) } }

    /// Sessions that have received at least `count` messages.
    func sessionsThatReceived(atLeast count: Int) -> Int {
        record.withLock { record in record.received.values.count { $0 >= count } }
    }

    /// Polls `condition` every 20 ms until it holds (true) or `timeout` passes (false).
    func wait(timeout: Double, until condition: () -> Bool) async -> Bool {
        let deadline = Stopwatch.now + timeout
        while !condition() {
            if Stopwatch.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Closes every session, then shuts down the clients the fleet owns.
    func close() async {
        await withTaskGroup(of: Void.self) { group in
            for session in sessions { group.addTask { await session.close() } }
        }
        for client in clients.withLock({ $0 }) { await client.shutdown() }
    }
}
