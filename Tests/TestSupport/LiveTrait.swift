import Foundation
import Testing

/// A trait for suites whose tests run real parts (servers, PostgreSQL, chat-tui in tmux,
/// python-socketio, fault proxies): at most six such test cases run at once in
/// this process. Swift Testing starts every test at the same time; on two cores, three hundred
/// servers starting together left heartbeats, presence timeouts and blackhole deadlines (real
/// seconds, on the servers' side) late by tens of seconds, and PostgreSQL out of connections.
///
/// The wait for a slot counts against a `.timeLimit` (Swift Testing starts the clock before
/// scoping traits), so live suites take five minutes. `CHAT_TEST_LIVE_WIDTH` overrides the
/// width (a positive integer).
public struct LiveTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await LiveSlots.shared.acquire()
        do {
            try await function()
        } catch {
            await LiveSlots.shared.release()
            throw error
        }
        await LiveSlots.shared.release()
    }
}

extension Trait where Self == LiveTrait {
    /// Runs real parts: see `LiveTrait`.
    public static var live: Self { LiveTrait() }
}

/// A counting semaphore that hands its slots out first come, first served.
actor LiveSlots {
    static let shared = LiveSlots(width: configuredWidth())

    private let width: Int
    private var taken = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) {
        self.width = width
    }

    func acquire() async {
        if taken < width {
            taken += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            taken -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    private static func configuredWidth() -> Int {
        let given = ProcessInfo.processInfo.environment["CHAT_TEST_LIVE_WIDTH"].flatMap { Int($0) }
        return max(1, given ?? 6)
    }
}
