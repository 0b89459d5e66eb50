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

    private let list = Mutex([ConversationSession]())
    private let clients = Mutex([ChatClient]())
    private let record = Mutex(Record())
    private let listeners = Mutex([Task<Void, Never>]())

    /// Makes the fleet shut `client` down when it closes.
    func own(_ client: ChatClient) {
        clients.withLock { $0.append(client) }
    }

    /// Adds a session and starts recording its events, on the session's executor; returns
    /// its index.
    @discardableResult
    func add(_ session: ConversationSession) -> Int {
        let index = list.withLock { list in
            list.append(session)
            return list.count - 1
        }
        let task = Task(executorPreference: session.executor) {
            for await event in session.events { self.note(event, from: index) }
        }
        listeners.withLock { $0.append(task) }
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
            try await sending(list.withLock { $0[index] }, text, clientID)
        } catch {
            record.withLock { _ = $0.deliveries.removeValue(forKey: clientID) }
            throw error
        }
    }

    var sessions: [ConversationSession] { list.withLock { $0 } }
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
        listeners.withLock { tasks in tasks.forEach { $0.cancel() } }
        for client in clients.withLock({ $0 }) { await client.shutdown() }
    }
}
