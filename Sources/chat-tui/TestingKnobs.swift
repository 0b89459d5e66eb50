import ChatClientKit
import Foundation

/// Timing overrides for tests, read from the environment (not meant for users; listed in
/// the README): `CHAT_TUI_CONNECT_TIMEOUT`, `CHAT_TUI_IDLE_TIMEOUT`,
/// `CHAT_TUI_PING_INTERVAL`, `CHAT_TUI_BACKOFF_BASE`, `CHAT_TUI_BACKOFF_CAP`,
/// `CHAT_TUI_MAX_ATTEMPTS`, `CHAT_TUI_QUIET_RETRY`, `CHAT_TUI_ACK_TIMEOUT`,
/// `CHAT_TUI_REFRESH_INTERVAL` (seconds, or a count for attempts).
struct TestingKnobs {
    var policy = ConnectionPolicy()
    var limits = ClientLimits()
    var refreshInterval = 5.0

    init(environment: [String: String]) throws(ChatError) {
        func number(_ name: String) throws(ChatError) -> Double? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Double(text), value > 0, value.isFinite else {
                throw .usage("\(name) must be a positive number of seconds, not '\(text)'")
            }
            return value
        }
        if let value = try number("CHAT_TUI_CONNECT_TIMEOUT") { policy.connectTimeout = value }
        if let value = try number("CHAT_TUI_IDLE_TIMEOUT") { policy.idleTimeout = value }
        if let value = try number("CHAT_TUI_PING_INTERVAL") { policy.pingInterval = value }
        if let value = try number("CHAT_TUI_QUIET_RETRY") { policy.quietRetryInterval = value }
        if let value = try number("CHAT_TUI_MAX_ATTEMPTS") { policy.maxAttempts = max(Int(value), 1) }
        let base = try number("CHAT_TUI_BACKOFF_BASE") ?? policy.backoff.base
        let cap = try number("CHAT_TUI_BACKOFF_CAP") ?? policy.backoff.cap
        policy.backoff = Backoff(base: min(base, cap), cap: cap)
        if let value = try number("CHAT_TUI_ACK_TIMEOUT") { limits.ackTimeout = value }
        if let value = try number("CHAT_TUI_REFRESH_INTERVAL") { refreshInterval = value }
    }
}
