import Foundation
import ServerHarness

/// Polls `condition` (a server's state, not the client's events) every 50 ms until it holds;
/// throws saying what it waited for once `timeout` has passed.
public func eventually(
    _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw FixtureError("gave up waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}

extension Mailbox {
    /// Takes elements until one satisfies `condition`; throws when the mailbox ends first or
    /// no such element comes within `timeout` of each wait.
    public func next(
        _ what: String, timeout: Duration = .seconds(30), where condition: (Element) -> Bool
    ) async throws {
        while true {
            guard let element = try await next(timeout: timeout, waitingFor: what) else {
                throw FixtureError("the events ended while waiting for \(what)")
            }
            if condition(element) { return }
        }
    }
}

/// Runs `body` on a thread of its own and returns what it computed: for tests that compute
/// for seconds, which on the cooperative pool (one thread per core) would stall every other
/// test's clients and servers meanwhile. Assert on the result, in the test's own task.
public func onItsOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
