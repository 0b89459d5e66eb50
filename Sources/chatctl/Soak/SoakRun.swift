import ChatClientKit
import Foundation
import TerminalText

/// The shell of `soak`: paces the sends, feeds the session's events and the server's history
/// to a `SoakLedger`, draws the status line, and stops and drains when told to.
struct SoakRun {
    struct Plan {
        let rate: Double
        let count: Int?
        let duration: Double?
        let drainTimeout: Double
        let verifyEvery: Double
        let deadAfter: Double
        let format: SoakCommand.Format
    }

    private enum Input {
        case event(ConversationEvent)
        case sendDue(Int)
        case sendingDone
        case found([Message])
        case tick
        case interrupted
    }

    private enum Phase {
        case sending, draining(until: Double), done
    }

    let plan: Plan
    let context: CommandContext
    let conversation: ConversationID

    /// A short tag that tells this run's messages from earlier ones.
    private let tag = String(UUID.random().wireString.prefix(8))

    func run() async throws -> SoakReport {
        let dialect = context.settings.dialect
        var ledger = SoakLedger(verification: dialect.shape.catchUp == .none ? .acknowledgements : .history)
        let history = SoakHistory(directory: context.directory, conversation: conversation)
        if ledger.verification == .history { try await history.start() }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-soak-\(UUID.random().wireString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var policy = ConnectionPolicy()
        policy.idleTimeout = plan.deadAfter
        policy.pingInterval = plan.deadAfter / 3
        let client = try ChatClient(
            settings: context.settings, policy: policy, outboxPath: scratch.appendingPathComponent("outbox.sqlite").path,
            logger: context.logger, historyPath: scratch.appendingPathComponent("history.sqlite").path)
        let session = try await client.open(conversation)

        let (inputs, feed) = AsyncStream.makeStream(of: Input.self)
        let signals = SignalEvents { feed.yield(.interrupted) }
        defer { signals.cancel() }
        let pacer = Task { await pace(feed) }
        var tasks: [Task<Void, Never>] = [
            Task { for await event in session.events { feed.yield(.event(event)) } },
            Task {
                while (try? await Task.sleep(for: .seconds(1))) != nil { feed.yield(.tick) }
            },
            pacer,
        ]
        if ledger.verification == .history {
            tasks.append(Task {
                while (try? await Task.sleep(for: .seconds(plan.verifyEvery))) != nil {
                    if let found = try? await history.newest() { feed.yield(.found(found)) }
                }
            })
        }
        let line = plan.format == .text && isatty(STDERR_FILENO) == 1 ? StatusLine() : nil

        var phase = Phase.sending
        var note: String?
        loop: for await input in inputs {
            let now = client.now
            switch input {
            case .event(let event):
                emit(ledger.handle(event, now: now))
            case .sendDue(let number):
                guard case .sending = phase else { continue }
                let entry = try await session.send("soak \(tag) #\(number)")
                ledger.sent(number, clientID: entry.id, at: now)
                emit([.sent(number, clientID: entry.id)])
            case .sendingDone:
                if case .sending = phase { phase = .draining(until: now + plan.drainTimeout) }
            case .found(let messages):
                ledger.found(messages)
            case .tick:
                line?.show(ledger.status(now: now).line)
            case .interrupted:
                switch phase {
                case .sending:
                    note = "interrupted after \(ledger.sent.count) messages"
                    phase = .draining(until: now + plan.drainTimeout)
                    pacer.cancel()
                default:
                    note = (note.map { $0 + "; " } ?? "") + "the wait for the outbox was interrupted"
                    phase = .done
                }
            }
            if case .draining(let until) = phase {
                if ledger.drained { phase = .done }
                if now >= until {
                    note = (note.map { $0 + "; " } ?? "") + "the outbox did not empty within \(Int(plan.drainTimeout)) s"
                    phase = .done
                }
            }
            if case .done = phase { break loop }
        }
        line?.clear()
        for task in tasks { task.cancel() }
        var complete = true
        if ledger.verification == .history {
            do {
                ledger.finalHistory(try await history.sinceStart(sent: ledger.sent.count))
            } catch {
                complete = false
                note = (note.map { $0 + "; " } ?? "") + "reading the history back failed: \(error)"
            }
        }
        await session.close()
        await client.shutdown()
        var report = ledger.report(historyComplete: complete, now: client.now)
        report.note = note
        return report
    }

    /// Yields `.sendDue(n)` at the plan's rate, then `.sendingDone`.
    private func pace(_ feed: AsyncStream<Input>.Continuation) async {
        let clock = ContinuousClock()
        let start = clock.now
        var number = 1
        while plan.count.map({ number <= $0 }) ?? true {
            let due = start + .seconds(Double(number - 1) / plan.rate)
            if let duration = plan.duration, due > start + .seconds(duration) { break }
            guard (try? await Task.sleep(until: due, clock: clock)) != nil else { return }
            feed.yield(.sendDue(number))
            number += 1
        }
        feed.yield(.sendingDone)
    }

    /// NDJSON lines for `-o ndjson`.
    private func emit(_ events: [SoakEvent]) {
        guard plan.format == .ndjson else { return }
        for event in events {
            if let line = try? JSONText.encode(SoakEventLine(event, conversation: conversation, time: Date()), pretty: false) {
                Console.out(line + "\n")
            }
        }
    }
}

/// The status line on stderr, redrawn in place.
private struct StatusLine {
    func show(_ text: String) {
        Console.err("\r\u{1B}[2K" + TerminalSafe.line("soak: " + text))
    }

    func clear() {
        Console.err("\r\u{1B}[2K")
    }
}
