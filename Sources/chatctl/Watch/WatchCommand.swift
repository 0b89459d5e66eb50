import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl watch CONVERSATION_ID...`.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print live events of conversations as NDJSON until interrupted.",
        discussion: """
            One JSON object per line, flushed at once: {"event": "message"|"state"|"typing"|"presence"|"error"|"gap"|"recovered"|\
            "unrecognized", "conversation_id", "time", ...}; typing lines list who "started" and who "stopped". \
            Messages sent before the watch began are not printed. \
            Connections are retried with backoff, and each change of a connection's state is an event. \
            Ends with 0 after --count messages, at --timeout (75 instead when --count messages have not all \
            arrived, or the server has not answered the REST calls made first), or on Ctrl-C; with 77, 66 or 69 when the server rejects the token, the conversation is gone, \
            or the server closes the socket for good.
            """)

    @Argument(help: ArgumentHelp("The conversations (or rooms) to watch.", valueName: "conversation-id"))
    var conversations: [String]

    @Option(help: ArgumentHelp("Stop after this many messages.", valueName: "n"))
    var count: Int?

    @Option(help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds"))
    var timeout: Double?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if conversations.isEmpty { throw ValidationError("pass at least one conversation id") }
        if let count, count < 1 { throw ValidationError("--count must be 1 or more") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() async throws {
        let clock = SystemClock()
        let deadline = timeout.map { clock.now + $0 }
        var outcome = WatchTracker.Outcome(status: .ok, reason: nil)
        try await connection.withAPI(dialects: ["conversations", "rooms", "socketio"]) { context in
            var ids: [ConversationID] = []
            for text in conversations { ids.append(try context.settings.dialect.validate(conversationID: text)) }
            ids = Array(Set(ids)).sorted()
            var seen = Set<MessageID>()
            for id in ids where context.settings.dialect.capabilities.listsConversations {
                seen.formUnion(try await existingMessages(of: id, context: context, clock: clock, deadline: deadline))
            }
            outcome = try await watch(ids, seen: seen, context: context, clock: clock, deadline: deadline)
        }
        if let reason = outcome.reason { Console.fail(reason) }
        if outcome.status != .ok { throw ExitCode(outcome.status.rawValue) }
    }

    /// The ids of the messages `id` holds before the watch begins (which are not printed),
    /// checking it exists; bounded by `--timeout` as the whole command is.
    private func existingMessages(of id: ConversationID, context: CommandContext, clock: SystemClock, deadline: Double?)
        async throws -> [MessageID]
    {
        let directory = context.directory
        let fetch = { @Sendable () async throws(ChatError) -> [MessageID] in
            _ = try await directory.conversation(id)
            return try await directory.messages(conversationID: id, limit: 100, before: nil).map(\.id)
        }
        do {
            guard let deadline else { return try await fetch() }
            return try await Deadline.run(until: deadline, clock: clock, orThrow: .timeout("--timeout"), fetch)
        } catch {
            if let deadline, clock.now >= deadline {
                Console.fail("timed out after \(Self.seconds(timeout ?? 0)) s before the watch began, still waiting for the server's answer about conversation \(id.rawValue); try again, or allow more time with --timeout")
                throw ExitCode(ExitStatus.temporary.rawValue)
            }
            throw CommandFailure.report(error, about: .conversation(id), settings: context.settings)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Opens one session per conversation (with a throwaway outbox: watch sends nothing) and
    /// prints events until the tracker says stop.
    private func watch(
        _ ids: [ConversationID], seen: Set<MessageID>, context: CommandContext, clock: SystemClock, deadline: Double?
    ) async throws -> WatchTracker.Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-watch-\(UUID.random().wireString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let client = try ChatClient(
            settings: context.settings, outboxPath: scratch.appendingPathComponent("outbox.sqlite").path, clock: clock,
            logger: context.logger, historyPath: scratch.appendingPathComponent("history.sqlite").path)
        let (inputs, feed) = AsyncStream.makeStream(of: WatchTracker.Input.self)
        let signals = SignalEvents { feed.yield(.interrupted) }
        defer { signals.cancel() }
        var sessions: [ConversationSession] = []
        var forwarders: [Task<Void, Never>] = []
        for id in ids {
            let session = try await client.open(id)
            sessions.append(session)
            forwarders.append(Task { for await event in session.events { feed.yield(.event(id, event)) } })
        }
        let timer = deadline.map { deadline in
            Task {
                guard (try? await clock.sleep(until: deadline)) != nil else { return }
                feed.yield(.timeout)
            }
        }
        var tracker = WatchTracker(count: count, timeout: timeout, deadline: deadline, seen: seen)
        var outcome = WatchTracker.Outcome(status: .ok, reason: nil)
        var failure: (any Error)?
        for await input in inputs {
            let step = tracker.handle(input, now: client.now, time: Date())
            do {
                for event in step.events { Console.out(try JSONText.encode(event, pretty: false) + "\n") }
            } catch {
                failure = error
                break
            }
            if let end = step.outcome {
                outcome = end
                break
            }
        }
        timer?.cancel()
        for session in sessions { await session.close() }
        for forwarder in forwarders { forwarder.cancel() }
        await client.shutdown()
        if let failure { throw failure }
        return outcome
    }
}
