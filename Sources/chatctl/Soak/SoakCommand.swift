import ArgumentParser
import ChatClientKit
import Foundation

/// `chatctl soak CONVERSATION_ID`: sends numbered messages through the engine chat-tui uses
/// while the tester breaks the network, and proves from the server's side that each was
/// stored exactly once, in order.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Send numbered messages through outages and prove each was stored exactly once, in order.",
        discussion: """
            Messages "soak RUN #N" go through the durable outbox and the reconnecting socket, as chat-tui's \
            do, at --rate until --count or --duration (or Ctrl-C). Meanwhile the server's history is read \
            back every few seconds (rooms servers keep none: there only acknowledgements are counted, and a \
            message whose acknowledgement was lost is reported as unconfirmed). At the end soak waits up to \
            --drain-timeout for the outbox to empty, reads the history back to the start of the run, and \
            prints a report: sent, stored exactly once, lost, duplicated, out of order, unconfirmed, \
            reconnects, outages and the recovery time after each. A second Ctrl-C skips the wait. \
            Exit 0 only when every message was stored exactly once and in order; 1 otherwise, naming them.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, ndjson
    }

    @Argument(help: ArgumentHelp("The conversation (or room) to send to.", valueName: "conversation-id"))
    var conversation: String

    @Option(help: ArgumentHelp("Messages per second or minute: 5/s, 30/min.", valueName: "rate"))
    var rate = "1/s"

    @Option(help: ArgumentHelp("Stop sending after this long: 90s, 10m, 1h30m.", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Stop sending after this many messages.", valueName: "n"))
    var count: Int?

    @Option(help: ArgumentHelp("Also write the report as JSON to this file.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("How long to wait at the end for the outbox to empty.", valueName: "seconds"))
    var drainTimeout = 120.0

    @Option(help: ArgumentHelp("How often to read the server's history back while sending.", valueName: "seconds"))
    var verifyEvery = 5.0

    @Option(help: ArgumentHelp(
        "A connection with no frame from the server for this long is dead. Keep it above the server's ping interval (30 s on the seed servers) or the time between soak's own messages, whichever is shorter.",
        valueName: "seconds"))
    var deadAfter = ConnectionPolicy().idleTimeout

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("text: a live status line and the report; json: the report; ndjson: every event, then the report.", valueName: "format"))
    var format = Format.text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard SoakPace.rate(rate) != nil else { throw ValidationError("--rate takes N/s, N/min or N/h with N above 0 (at most 1000/s), e.g. 5/s") }
        if let duration, SoakPace.duration(duration) == nil { throw ValidationError("--duration takes a length such as 90s, 10m or 1h30m") }
        if duration != nil, count != nil { throw ValidationError("pass --duration or --count, not both") }
        if let count, count < 1 { throw ValidationError("--count must be 1 or more") }
        if !(drainTimeout > 0 && drainTimeout <= 86_400) { throw ValidationError("--drain-timeout must be between 0 and 86400 seconds") }
        if !(verifyEvery >= 0.5 && verifyEvery <= 3600) { throw ValidationError("--verify-every must be between 0.5 and 3600 seconds") }
        if !(deadAfter >= 1 && deadAfter <= 3600) { throw ValidationError("--dead-after must be between 1 and 3600 seconds") }
    }

    func run() async throws {
        var result: SoakReport?
        try await connection.withConversation(conversation, dialects: ["conversations", "rooms", "socketio"]) { context, id in
            let plan = SoakRun.Plan(
                rate: SoakPace.rate(rate)!, count: count, duration: duration.flatMap(SoakPace.duration),
                drainTimeout: drainTimeout, verifyEvery: verifyEvery, deadAfter: deadAfter, format: format)
            let budget = ClientLimits().messagesPerMinute
            if plan.rate * 60 > Double(budget) {
                Console.note("--rate \(rate) is above the \(budget) messages a minute the servers allow a user: messages will queue in the outbox")
            }
            result = try await SoakRun(plan: plan, context: context, conversation: id).run()
        }
        guard let result else { return }
        switch format {
        case .text: Console.out(result.text)
        case .json: Console.out(try JSONText.encode(result, pretty: true) + "\n")
        case .ndjson: Console.out(try JSONText.encode(result, pretty: false) + "\n")
        }
        if let report {
            do {
                try Data((try JSONText.encode(result, pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: report), options: .atomic)
            } catch {
                Console.fail("cannot write the report to \(report): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
        }
        if !result.passed { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}
