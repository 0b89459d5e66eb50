import ChatClientKit
import Foundation

/// The connection line of the status bar: a glyph, a sentence and how worrying it is.
public struct ConnectionText: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        case good, warning, bad
    }

    public var text: String
    public var level: Level

    /// A conversation session's state; `now` is on the same clock as its deadlines, and
    /// `reconnectKey` is the key that reconnects from where the focus is.
    public init(_ state: ConnectionState, now: Double, reconnectKey: String = "R") {
        func seconds(until deadline: Double) -> Int { max(Int((deadline - now).rounded(.up)), 0) }
        switch state {
        case .idle, .connecting(attempt: 0):
            (text, level) = ("◌ connecting…", .warning)
        case .connecting(let attempt):
            (text, level) = ("◌ connecting… (attempt \(attempt))", .warning)
        case .connected:
            (text, level) = ("● connected", .good)
        case .reconnecting(let attempt, let retryAt):
            (text, level) = ("◌ reconnecting in \(seconds(until: retryAt)) s (attempt \(attempt))", .warning)
        case .waitingForUser:
            (text, level) = ("○ offline — press \(reconnectKey)", .bad)
        case .authFailed:
            (text, level) = ("✗ authentication failed — check the token", .bad)
        case .closed(.byUser):
            (text, level) = ("○ disconnected", .warning)
        case .closed(.byServer):
            (text, level) = ("○ closed by the server", .bad)
        case .closed(.conversationNotFound):
            (text, level) = ("✗ conversation not found", .bad)
        case .closed(.roleRefused):
            (text, level) = ("✗ the server refused the role — check --role", .bad)
        }
    }

    /// The REST side, shown while no conversation is open.
    public init(_ health: AppState.ListHealth, reconnectKey: String = "R") {
        switch health {
        case .connecting:
            (text, level) = ("◌ connecting…", .warning)
        case .online:
            (text, level) = ("● connected", .good)
        case .failed(.unauthorized), .failed(.forbidden):
            (text, level) = ("✗ authentication failed — check the token", .bad)
        case .failed:
            (text, level) = ("○ offline — press \(reconnectKey)", .bad)
        }
    }
}
