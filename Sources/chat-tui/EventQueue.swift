import ChatTUI
import Synchronization

/// Events from async work (sessions, REST calls, signals) waiting for the UI thread,
/// which drains them on every turn of its loop.
final class EventQueue: Sendable {
    private let events = Mutex<[AppEvent]>([])

    func post(_ event: AppEvent) {
        events.withLock { $0.append(event) }
    }

    /// Everything posted since the last call, oldest first.
    func drain() -> [AppEvent] {
        events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
