import ChatModel
import Foundation
import ServerHarness

#if canImport(Glibc)
import Glibc
#endif

/// The real python-socketio server of Tests/SocketIOFixture (a `socketio`-dialect server with
/// the deployed servers' quirks) as a child process on 127.0.0.1, in the virtualenv that
/// scripts/socketio-fixture-venv.sh keeps under .build/. Its test hooks (`/test/...`) drive
/// customers, notifications and faults; it dies with the test process (stdin EOF).
public final class SocketIOServer: Sendable {
    public struct Options: Sendable {
        /// Whole seconds (python-socketio advertises `int(s) * 1000`).
        public var pingInterval = 25
        public var pingTimeout = 20.0
        public var resendInterval = 3.0
        public var resendAttempts = 3
        public var syncCap = 1000

        public init() {}
    }

    public let port: Int
    public let http: TestHTTP
    private let process: ChildProcess
    private let directory: URL

    private init(port: Int, process: ChildProcess, directory: URL) {
        self.port = port
        self.process = process
        self.directory = directory
        http = TestHTTP(baseURL: "http://127.0.0.1:\(port)")
    }

    /// `http://127.0.0.1:PORT`, for `--server`.
    public var url: String { http.baseURL }

    /// Starts a server with a fresh SQLite file; throws a sentence saying what is missing
    /// when the virtualenv cannot be made (python3-venv, PyPI).
    public static func start(_ options: Options = .init()) async throws -> SocketIOServer {
        let python = try await Self.python()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("socketio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["SOCKETIO_TEST_SECRET"] = UUID().uuidString + UUID().uuidString
        let process = try ChildProcess(
            executable: python,
            arguments: [
                Self.root.appendingPathComponent("Tests/SocketIOFixture/server.py").path, "--port", "0",
                "--secret-env", "SOCKETIO_TEST_SECRET", "--db", directory.appendingPathComponent("chat.sqlite").path,
                "--ping-interval", "\(options.pingInterval)", "--ping-timeout", "\(options.pingTimeout)",
                "--resend-interval", "\(options.resendInterval)", "--resend-attempts", "\(options.resendAttempts)",
                "--sync-cap", "\(options.syncCap)",
            ],
            environment: environment, stderrPath: directory.appendingPathComponent("stderr").path)
        let first = try await process.lines.next(timeout: .seconds(60), waitingFor: "the socketio fixture to listen")
        guard let line = first, line.hasPrefix("listening on 127.0.0.1:"), let port = Int(line.split(separator: ":").last ?? "") else {
            let stderr = (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
            await process.terminate(with: SIGTERM, grace: .seconds(5))
            throw FixtureError("the socketio fixture did not start (first line: \(first ?? "none")): \(stderr.suffix(2000))")
        }
        return SocketIOServer(port: port, process: process, directory: directory)
    }

    /// A token the server accepts, minted by its test hook with its secret.
    public func token(for user: String, expiresIn seconds: Int? = nil) async throws -> String {
        var body: [String: JSONValue] = ["sub": .string(user)]
        if let seconds { body["expiresIn"] = .number(Double(seconds)) }
        let reply = try await hook("/test/token", body)
        return try reply["token"]?.stringValue ?? { throw FixtureError("no token in \(reply)") }()
    }

    /// POSTs to a test hook; throws unless it answers 2xx.
    @discardableResult
    public func hook(_ path: String, _ body: [String: JSONValue] = [:]) async throws -> JSONValue {
        let reply = try await http.post(path, json: .object(body))
        guard (200..<300).contains(reply.status) else { throw FixtureError("\(path) answered \(reply.status): \(reply.text)") }
        return try reply.json()
    }

    /// A conversation with a customer; its id.
    public func createConversation(contact: String = "Ana Souza") async throws -> String {
        let row = try await hook("/test/conversations", ["contactName": .string(contact), "contactPhone": "+5511999990000"])
        return try row["id"]?.stringValue ?? { throw FixtureError("no id in \(row)") }()
    }

    /// A customer writes (through the "webhook"); the stored row.
    @discardableResult
    public func customerWrites(_ content: String, in conversation: String) async throws -> JSONValue {
        try await hook("/test/inbound", ["conversationId": .string(conversation), "content": .string(content)])
    }

    /// Every stored row of a conversation, repeats included.
    public func storedMessages(in conversation: String) async throws -> [JSONValue] {
        let reply = try await http.get("/test/messages?conversationId=\(conversation)")
        return try reply.json().arrayValue ?? []
    }

    /// The kinds of the server-side events logged so far (`parked`, `ack_dropped`, `delivered`, …).
    public func eventKinds() async throws -> [String] {
        try await http.get("/test/events").json().arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
    }

    public func stop() async {
        await process.terminate(with: SIGTERM, grace: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: The virtualenv

    /// The repository (Tests/TestSupport/<this file> is two levels down).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The virtualenv's python, made on first use by scripts/socketio-fixture-venv.sh.
    private static func python() async throws -> String {
        let script = root.appendingPathComponent("scripts/socketio-fixture-venv.sh").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("socketio-venv-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let child = try ChildProcess(
            executable: "/bin/bash", arguments: [script], environment: ProcessInfo.processInfo.environment,
            stderrPath: scratch.path)
        let path = try await child.lines.next(timeout: .seconds(900), waitingFor: "scripts/socketio-fixture-venv.sh")
        let status = try await child.waitForExit(timeout: .seconds(60))
        guard status == 0, let path, FileManager.default.isExecutableFile(atPath: path) else {
            let why = (try? String(contentsOf: scratch, encoding: .utf8)) ?? ""
            throw FixtureError("cannot prepare the socketio test server's virtualenv: \(why.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return path
    }
}

/// A test fixture that could not do its part, in one sentence.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
