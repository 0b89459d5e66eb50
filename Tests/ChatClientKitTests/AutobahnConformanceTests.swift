import Foundation
import NIOPosix
import NIOSSL
import TestSupport
import Testing

@testable import ChatClientKit

/// Runs ChatClientKit's WebSocket layer (`WebSocketTransport` and its `WebSocketMachine`,
/// as the chat sessions use them) through the Autobahn cases of a fuzzing server, echoing
/// every message.
///
/// Enabled when `AUTOBAHN_SERVER` names a running `kosoku -m fuzzingserver` (see
/// scripts/autobahn.sh, which CI runs); the server judges each case and writes the report.
@Suite(.live, .enabled(if: ProcessInfo.processInfo.environment["AUTOBAHN_SERVER"] != nil, "needs AUTOBAHN_SERVER"))
struct AutobahnConformanceTests {
    let server = ProcessInfo.processInfo.environment["AUTOBAHN_SERVER"] ?? ""
    let agent = "ChatClientKit"

    func transport() throws -> WebSocketTransport {
        try WebSocketTransport(
            server: try ServerAddress(server), tls: .makeClientConfiguration(), pingInterval: 0,
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
    }

    /// Connects to `path`, echoes every message back, returns the texts received. Like the
    /// chat sessions, it owns the deadline: cancelling the task abandons the socket.
    @discardableResult
    func echo(_ path: String, timeout: Duration = .seconds(60)) async throws -> [String] {
        try await withDeadline(timeout, waitingFor: "the fuzzing server at \(path)") {
            try await echoUnbounded(path)
        }
    }

    private func echoUnbounded(_ path: String) async throws -> [String] {
        let writes = OutgoingFrames()
        let texts = Texts()
        _ = try await transport().run(url: "ws://\(server)\(path)", outgoing: writes) { messages in
            for message in messages {
                switch message {
                case .text(let text):
                    await texts.append(text)
                    writes.send(.text(text))
                case .binary(let bytes):
                    writes.send(.binary(bytes))
                }
            }
        }
        writes.finish()
        return await texts.all
    }

    @Test func passesTheFuzzingServersCases() async throws {
        let count = try #require(Int(try await echo("/getCaseCount").first ?? ""), "no case count")
        #expect(count > 0)
        for index in 1...count {
            do {
                try await echo("/runCase?case=\(index)&agent=\(agent)")
            } catch {
                // A case may end the connection abruptly on purpose; the server judges it.
            }
        }
        // Autobahn's fuzzing server writes its report here; kosoku's writes it by itself once
        // the last case ends and may be gone already.
        _ = try? await echo("/updateReports?agent=\(agent)", timeout: .seconds(5))
    }

    actor Texts {
        var all: [String] = []
        func append(_ text: String) { all.append(text) }
    }
}
