import ChatClientKit
import Foundation
import Testing
import TestSupport

@testable import chatctl

/// The real binary against a broken or hostile server: every run ends, within its bounds,
/// with the exit code and sentence it documents, and never traps.
@Suite(.live) struct HostileServerTests {
    /// Runs chatctl against `server`, killing it (and failing) if it has not exited by `deadline`.
    func run(_ arguments: [String], against server: HostileServer, deadline: Duration) async throws -> ChatctlProcess.Result {
        let home = try Fixture.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Fixture.environment(home: home, ["CHAT_SERVER": server.url, "CHAT_TOKEN": "hostile.test.token"])
        return try await ChatctlProcess(arguments, environment: environment).finish(timeout: deadline)
    }

    @Test func aTrickledReplyTimesOutAtTheRequestTimeout() async throws {
        let server = try await HostileServer.start(.trickle(interval: .milliseconds(500)))
        let result = try await run(
            ["conversations", "list", "--request-timeout", "2", "--retries", "0"], against: server, deadline: .seconds(60))
        #expect(result.status == 75)
        let sentences = ["did not send its whole reply within 2 s", "did not answer in time"]
        #expect(sentences.contains { result.stderr.contains($0) }, "the whole-reply deadline, or under load the read timeout first: \(result.stderr)")
    }

    @Test func watchTimeoutBoundsItsRESTCallsToo() async throws {
        let server = try await HostileServer.start(.trickle(interval: .milliseconds(500)))
        let result = try await run(
            ["watch", server.conversationID.rawValue, "--timeout", "2"], against: server, deadline: .seconds(60))
        #expect(result.status == 75)
        #expect(result.stderr.contains("timed out after 2 s before the watch began"))
    }

    @Test func aRetryAfterBeyondTheCapFailsAtOnce() async throws {
        for status in [429, 503] {
            let server = try await HostileServer.start(.retryAfter("1000000", status: status))
            let result = try await run(["conversations", "list"], against: server, deadline: .seconds(60))
            #expect(result.status == 75, "HTTP \(status)")
            #expect(result.stderr.contains("asks to wait 12 days, longer than chatctl waits (60 s); try again later"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: ["nan", "-5", "1e400", "inf", "soon", "Wed, 21 Oct 2099 07:28:00 GMT"])
    func anUnreadableRetryAfterFallsBackToBackoff(header: String) async throws {
        let server = try await HostileServer.start(.retryAfter(header))
        let result = try await run(["conversations", "list", "--retries", "1"], against: server, deadline: .seconds(60))
        #expect(result.status == 75, "Retry-After: \(header): \(result.stderr)")
        #expect(result.stderr.contains("the server is rate limiting requests (slow down); wait a minute and try again"))
    }

    @Test func listingStopsWhenTheServerRepeatsAPage() async throws {
        let server = try await HostileServer.start(.samePage)
        let result = try await run(["conversations", "list", "--all"], against: server, deadline: .seconds(60))
        #expect(result.status == 69)
        #expect(result.stderr.contains("page 2 of conversations from the server held nothing new (the same page again); stopped after 1 conversations"))
        #expect(result.stdout.isEmpty)
    }

    @Test func historyStopsWhenTheServerRepeatsAPage() async throws {
        let server = try await HostileServer.start(.samePage)
        let result = try await run(
            ["messages", "list", server.conversationID.rawValue, "--all"], against: server, deadline: .seconds(60))
        #expect(result.status == 69)
        #expect(result.stderr.contains("page 2 of messages from the server held nothing new"))
    }

    @Test func aHugeReplyIsRefusedWithoutBlamingTheURL() async throws {
        let server = try await HostileServer.start(.hugeBody(bytes: 40 << 20))
        let result = try await run(["conversations", "list", "--retries", "0"], against: server, deadline: .seconds(30))
        #expect(result.status == 69)
        #expect(result.stderr.contains("the server's reply was larger than 32 MiB; refused"))
        #expect(!result.stderr.contains("--server"))
    }

    @Test func anAbsurdUnreadCountIsClamped() async throws {
        let server = try await HostileServer.start(.unreadCount(.max))
        let result = try await run(["conversations", "list", "-o", "tsv"], against: server, deadline: .seconds(60))
        #expect(result.status == 0, "\(result.stderr)")
        let columns = result.output.split(separator: "\t", omittingEmptySubsequences: false)
        #expect(columns.count > 6 && columns[6] == "1000000000", "\(result.output)")
    }

    @Test func aTypingBurstPrintsDeltasAndEndsAtTheTimeout() async throws {
        let server = try await HostileServer.start(.typingBurst(users: 3_000))
        let result = try await run(
            ["watch", server.conversationID.rawValue, "--timeout", "30"], against: server, deadline: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.count < 64 << 10, "watch printed \(result.stdout.utf8.count) bytes")
        let typing = result.lines.filter { $0.contains(#""event":"typing""#) }
        #expect(typing.first?.contains(#""started":["typist-0"]"#) == true, "\(typing.prefix(3))")
        #expect(typing.allSatisfy { !$0.contains(#""users""#) })
    }
}
