import HeapModule
import Synchronization

/// Wakes each link of a client at its deadline from one sleeping task, instead of a task per
/// link: a sleeping task keeps about 1.5 KiB, and a client may hold thousands of links. A link
/// has one deadline at a time; setting another replaces it.
final class LinkTimers: Sendable {
    typealias Key = ObjectIdentifier

    private struct Armed: Comparable {
        let deadline: Double
        let serial: Int
        let key: Key

        static func < (lhs: Armed, rhs: Armed) -> Bool {
            (lhs.deadline, lhs.serial) < (rhs.deadline, rhs.serial)
        }
    }

    private struct State {
        /// Every deadline set; one replaced or cancelled stays until it comes up, then is skipped.
        var queue = Heap<Armed>()
        /// The live deadline of each key: its serial and what to run.
        var live: [Key: (serial: Int, fire: @Sendable () -> Void)] = [:]
        var serial = 0
        var sleeper: (deadline: Double, task: Task<Void, Never>)?
    }

    private let clock: any ChatClock
    private let state = Mutex(State())

    init(clock: any ChatClock) {
        self.clock = clock
    }

    /// `fire` runs once `deadline` has passed, unless the key is set again or cancelled first.
    func set(_ key: Key, at deadline: Double, fire: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.serial += 1
            state.live[key] = (state.serial, fire)
            state.queue.insert(Armed(deadline: deadline, serial: state.serial, key: key))
            if state.sleeper.map({ deadline < $0.deadline }) ?? true { sleep(until: deadline, &state) }
        }
    }

    func cancel(_ key: Key) {
        state.withLock { $0.live[key] = nil }
    }

    /// Stops the sleeping task; nothing fires after this.
    func shutdown() {
        state.withLock { state in
            state.live.removeAll()
            state.queue = Heap()
            state.sleeper?.task.cancel()
            state.sleeper = nil
        }
    }

    private func sleep(until deadline: Double, _ state: inout State) {
        state.sleeper?.task.cancel()
        let clock = self.clock
        state.sleeper = (deadline, Task { [weak self] in
            guard (try? await clock.sleep(until: deadline)) != nil else { return }
            self?.wake(deadline)
        })
    }

    private func wake(_ deadline: Double) {
        let due: [@Sendable () -> Void] = state.withLock { state in
            guard state.sleeper?.deadline == deadline else { return [] }
            state.sleeper = nil
            let now = clock.now
            var due: [@Sendable () -> Void] = []
            while let first = state.queue.min, first.deadline <= now {
                state.queue.removeMin()
                if let live = state.live[first.key], live.serial == first.serial {
                    state.live[first.key] = nil
                    due.append(live.fire)
                }
            }
            while let first = state.queue.min, state.live[first.key]?.serial != first.serial {
                state.queue.removeMin()
            }
            if let next = state.queue.min { sleep(until: next.deadline, &state) }
            return due
        }
        for fire in due { fire() }
    }
}
