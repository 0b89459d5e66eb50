/// The connection lifecycle of one socket as a pure state machine.
///
/// It never sleeps, reads a clock or touches a socket: the shell feeds it events with the
/// current time and performs the returned actions, and calls `tick(now:)` when
/// `nextDeadline` passes. Every attempt has an id so events from a socket that was
/// already abandoned are ignored.
public struct ConnectionMachine: Sendable {
    public enum Action: Sendable, Equatable {
        /// Open a socket for attempt `id`.
        case connect(id: Int)
        /// Abandon attempt or socket `id` (cancel the task, close the socket).
        case disconnect(id: Int, reason: String)
    }

    public private(set) var state: ConnectionState = .idle
    public let policy: ConnectionPolicy
    /// The id of the current (or last) attempt.
    public var attempt: Int { currentID }
    /// What the server's close codes mean; other codes reconnect.
    public let closeCodes: [Int: DialectShape.CloseMeaning]
    private var rng: SplitMix64
    private var currentID = 0
    /// Reconnect attempts made in the current outage.
    private var retries = 0
    private var connectDeadline = 0.0
    private var connectedAt = 0.0
    private var lastInbound = 0.0
    /// The server's own keep-alive timing for the current socket, when it said.
    private var serverIdleTimeout: Double?

    /// How long the current socket may stay silent before it is dead.
    public var idleTimeout: Double { serverIdleTimeout ?? policy.idleTimeout }

    public init(
        policy: ConnectionPolicy = .init(), closeCodes: [Int: DialectShape.CloseMeaning] = ConversationsDialect().shape.closeCodes,
        seed: UInt64 = .random(in: .min ... .max)
    ) {
        self.policy = policy
        self.closeCodes = closeCodes
        self.rng = SplitMix64(seed: seed)
    }

    /// When the shell must call `tick(now:)` next, if ever.
    public var nextDeadline: Double? {
        switch state {
        case .connecting: connectDeadline
        case .connected: lastInbound + idleTimeout
        case .reconnecting(_, let at), .waitingForUser(let at): at
        case .idle, .authFailed, .closed: nil
        }
    }

    /// Starts the first connection.
    public mutating func start(now: Double) -> [Action] {
        guard state == .idle else { return [] }
        return connect(attempt: 0, now: now)
    }

    /// Attempt `id` finished its handshake.
    public mutating func connected(id: Int, now: Double) -> [Action] {
        guard id == currentID, case .connecting = state else { return [] }
        state = .connected
        connectedAt = now
        lastInbound = now
        return []
    }

    /// Attempt `id` failed before its handshake completed.
    public mutating func connectFailed(id: Int, _ failure: ConnectFailure, now: Double) -> [Action] {
        guard id == currentID, case .connecting = state else { return [] }
        return fail(failure, now: now)
    }

    /// Socket `id` closed after it had connected; `code` is nil for an abnormal close.
    public mutating func closed(id: Int, code: Int?, reason: String?, now: Double) -> [Action] {
        guard id == currentID else { return [] }
        switch state {
        case .connected:
            if now - connectedAt >= policy.stableAfter { retries = 0 }
        case .connecting:
            break
        default:
            return []
        }
        guard let code, let meaning = closeCodes[code] else { return scheduleRetry(now: now) }
        switch meaning {
        case .authentication:
            return fail(.unauthorized(reason.flatMap { $0.isEmpty ? nil : $0 } ?? "close code \(code)"), now: now)
        case .notFound:
            return fail(.notFound, now: now)
        case .normal:
            state = .closed(.byServer(code: code, reason: reason ?? ""))
            return []
        case .badRole:
            state = .closed(.roleRefused(reason.flatMap { $0.isEmpty ? nil : $0 } ?? "close code \(code)"))
            return []
        }
    }

    /// The server refused the credentials some other way (a REST call answered 401/403):
    /// stop retrying until the user acts.
    public mutating func credentialsRejected(_ reason: String) -> [Action] {
        let active: Bool
        switch state {
        case .closed, .authFailed: return []
        case .connecting, .connected: active = true
        case .idle, .reconnecting, .waitingForUser: active = false
        }
        state = .authFailed(reason: reason)
        return active ? [.disconnect(id: currentID, reason: "credentials rejected")] : []
    }

    /// The server said how often it pings (and how long it waits): on socket `id`, silence
    /// longer than `seconds` means the connection is dead.
    public mutating func serverLiveness(id: Int, seconds: Double) {
        guard id == currentID, seconds > 0, seconds.isFinite else { return }
        serverIdleTimeout = min(seconds, 24 * 3600)
    }

    /// A frame arrived on socket `id`: the connection is alive.
    public mutating func inbound(id: Int, now: Double) {
        guard id == currentID, state == .connected else { return }
        lastInbound = max(lastInbound, now)
    }

    /// The shell's timer: acts on whichever deadline has passed.
    public mutating func tick(now: Double) -> [Action] {
        guard let deadline = nextDeadline, now >= deadline else { return [] }
        switch state {
        case .connecting:
            return [.disconnect(id: currentID, reason: "connection attempt timed out")]
                + fail(.transient("timed out after \(Int(policy.connectTimeout)) s"), now: now)
        case .connected:
            return [.disconnect(id: currentID, reason: "no data for \(Int(idleTimeout)) s")]
                + scheduleRetry(now: now)
        case .reconnecting(let attempt, _):
            return connect(attempt: attempt, now: now)
        case .waitingForUser:
            return connect(attempt: retries + 1, now: now)
        case .idle, .authFailed, .closed:
            return []
        }
    }

    /// The user asked to reconnect now (also after an auth failure, e.g. with a new token, or
    /// after the server closed normally, as one does when it restarts gracefully).
    public mutating func reconnect(now: Double) -> [Action] {
        switch state {
        case .closed(.byServer):
            retries = 0
            return connect(attempt: 0, now: now)
        case .closed:
            return []
        case .connected, .connecting:
            let drop = Action.disconnect(id: currentID, reason: "reconnect requested")
            retries = 0
            return [drop] + connect(attempt: 0, now: now)
        case .idle, .reconnecting, .waitingForUser, .authFailed:
            retries = 0
            return connect(attempt: 0, now: now)
        }
    }

    /// The user closed the conversation.
    public mutating func close() -> [Action] {
        let wasActive: Bool
        switch state {
        case .connecting, .connected: wasActive = true
        default: wasActive = false
        }
        state = .closed(.byUser)
        return wasActive ? [.disconnect(id: currentID, reason: "closed by user")] : []
    }

    private mutating func connect(attempt: Int, now: Double) -> [Action] {
        currentID += 1
        serverIdleTimeout = nil
        state = .connecting(attempt: attempt)
        connectDeadline = now + policy.connectTimeout
        return [.connect(id: currentID)]
    }

    private mutating func fail(_ failure: ConnectFailure, now: Double) -> [Action] {
        switch failure {
        case .unauthorized(let reason):
            state = .authFailed(reason: reason)
            return []
        case .notFound:
            state = .closed(.conversationNotFound)
            return []
        case .transient:
            return scheduleRetry(now: now)
        }
    }

    private mutating func scheduleRetry(now: Double) -> [Action] {
        if retries >= policy.maxAttempts {
            let interval = policy.quietRetryInterval
            state = .waitingForUser(retryAt: now + interval / 2 + interval / 2 * rng.unit())
        } else {
            retries += 1
            let delay = policy.backoff.delay(forAttempt: retries, unit: rng.unit())
            state = .reconnecting(attempt: retries, retryAt: now + delay)
        }
        return []
    }
}
