import ChatModel
import Foundation
import Testing
import TestSupport

/// Two `chat-server` instances on one PostgreSQL database, as behind a load balancer.
struct ClusterPair {
    let first: ChatServerProcess
    let second: ChatServerProcess

    /// Starts both on a fresh database of `cluster` (the shared test cluster by default).
    static func start(_ options: ServerOptions = ServerOptions(store: .postgres), on cluster: PostgresCluster? = nil) async throws
        -> ClusterPair
    {
        let host = if let cluster { cluster } else { try await PostgresCluster.shared() }
        let database = try await host.createDatabase()
        let first = try await ChatServerProcess.start(options, databasePath: database)
        let second = try await first.startInstance()
        return ClusterPair(first: first, second: second)
    }

    func stop() async {
        await first.stop()
        await second.stop()
    }
}

extension TestWebSocket {
    /// The ids of the next `count` `new_message` frames, in order.
    func nextMessageIDs(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [String] {
        var ids: [String] = []
        while ids.count < count {
            ids.append(try #require(try await nextFrame(ofType: "new_message", timeout: timeout)["payload"]?["id"]?.stringValue))
        }
        return ids
    }

    /// Sends a marker message and reads `new_message` frames until its echo: returns the contents
    /// that arrived before it. A frame delivered twice would show up here.
    func contentsUntilMarker(_ marker: String) async throws -> [String] {
        send(type: "send_message", payload: messagePayload(marker))
        var contents: [String] = []
        while true {
            let content = try #require(try await nextFrame(ofType: "new_message")["payload"]?["content"]?.stringValue)
            if content == marker { return contents }
            contents.append(content)
        }
    }
}

/// Every message of a conversation, paging back with `before_id`.
func allMessages(_ http: TestHTTP, _ id: String) async throws -> [Message] {
    var messages: [Message] = []
    var anchor: String?
    while true {
        let page = try await http.history(id, limit: 100, beforeID: anchor)
        guard let oldest = page.first else { return messages }
        messages = page + messages
        anchor = oldest.id.uuidString
    }
}

/// Reads a socket's frames in the background (pings left out), so a test can wait for one
/// kind of frame without discarding the others.
actor FrameCollector {
    private(set) var frames: [JSONValue] = []
    private var waiters: [(predicate: @Sendable ([JSONValue]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

    /// Reads until the socket closes (or stays silent for five minutes) or this collector goes away.
    init(_ socket: TestWebSocket) {
        Task { [weak self] in
            while let frame = try? await socket.nextFrame(timeout: .seconds(300)) {
                guard let self else { return }
                if frame["type"]?.stringValue != "ping" { await self.append(frame) }
            }
        }
    }

    /// The collected frames of one type.
    func frames(ofType type: String) -> [JSONValue] {
        frames.filter { $0["type"]?.stringValue == type }
    }

    /// Returns once the collected frames satisfy `predicate` (`timeout` at most).
    func wait(for what: String, timeout: Duration = .seconds(30), until predicate: @escaping @Sendable ([JSONValue]) -> Bool) async throws {
        try await withDeadline(timeout, waitingFor: what) {
            await self.suspend(until: predicate)
        }
    }

    private func suspend(until predicate: @escaping @Sendable ([JSONValue]) -> Bool) async {
        guard !predicate(frames) else { return }
        await withCheckedContinuation { waiters.append((predicate, $0)) }
    }

    private func append(_ frame: JSONValue) {
        frames.append(frame)
        let ready = waiters.filter { $0.predicate(frames) }
        waiters.removeAll { $0.predicate(frames) }
        ready.forEach { $0.continuation.resume() }
    }
}

extension [JSONValue] {
    /// The `content` of each `new_message` frame, in order.
    var messageContents: [String] {
        filter { $0["type"]?.stringValue == "new_message" }.compactMap { $0["payload"]?["content"]?.stringValue }
    }

    /// The `id` of each `new_message` frame, in order.
    var messageIDs: [String] {
        filter { $0["type"]?.stringValue == "new_message" }.compactMap { $0["payload"]?["id"]?.stringValue }
    }
}
