import ChatClientKit

/// Events from async work waiting for the UI thread, taken a frame's worth at a time so a
/// burst never keeps the loop from drawing and reading keys. New messages of a conversation
/// that arrive one after another (nothing else about it in between) are merged into one event.
public struct EventBacklog: Sendable {
    /// The most events applied between two frames.
    public static let eventsPerFrame = 256
    /// The longest time spent applying events between two frames, in seconds.
    public static let secondsPerFrame = 0.025

    /// The most messages merged into one event.
    public static let messagesPerEvent = 5_000

    private var events: [AppEvent] = []
    /// Index of the first event not taken yet.
    private var head = 0
    /// Per conversation whose last pending event is `.messages`: that event's index and the
    /// messages merged into it since.
    private var open: [ConversationID: (index: Int, merged: [Message])] = [:]

    public init() {}

    public var count: Int { events.count - head }
    public var isEmpty: Bool { count == 0 }

    /// Queues `incoming` behind what is pending, merging new messages where it can.
    public mutating func append(_ incoming: [AppEvent]) {
        for event in incoming {
            if case .session(let id, .messages(let messages)) = event {
                if let slot = open[id], case .session(_, .messages(let first)) = events[slot.index],
                   first.count + slot.merged.count + messages.count <= Self.messagesPerEvent
                {
                    open[id]?.merged.append(contentsOf: messages)
                } else {
                    close(id)
                    open[id] = (events.count, [])
                    events.append(event)
                }
                continue
            }
            if let id = Self.conversation(of: event) {
                close(id)
            } else {
                for id in Array(open.keys) { close(id) }
            }
            events.append(event)
        }
    }

    /// Takes the oldest pending event, if any.
    public mutating func next() -> AppEvent? {
        guard head < events.count else { return nil }
        if case .session(let id, .messages) = events[head], open[id]?.index == head { close(id) }
        let event = events[head]
        head += 1
        if head == events.count {
            events.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4_096 && head * 2 >= events.count {
            events.removeFirst(head)
            open = open.mapValues { ($0.index - head, $0.merged) }
            head = 0
        }
        return event
    }

    /// Writes the messages merged into a conversation's open event into it; later ones start a new event.
    private mutating func close(_ id: ConversationID) {
        guard let slot = open.removeValue(forKey: id) else { return }
        guard !slot.merged.isEmpty, case .session(_, .messages(let first)) = events[slot.index] else { return }
        events[slot.index] = .session(id, .messages(first + slot.merged))
    }

    /// The conversation an event is about, or nil when it may touch several.
    private static func conversation(of event: AppEvent) -> ConversationID? {
        switch event {
        case .session(let id, _), .historyLoaded(let id, _, _, _), .previewLoaded(let id, _), .sessionFailed(let id, _),
            .notQueued(let id, _, _), .statusChanged(let id, _), .markedRead(let id, _):
            id
        case .queued(let entry): entry.conversationID
        default: nil
        }
    }
}

extension AppState {
    /// Applies pending events until a frame's worth is done (`EventBacklog.eventsPerFrame`
    /// events, or `secondsPerFrame` by `clock`, at least one event) or the app quits; returns
    /// the effects to run.
    public mutating func applyFrame(of backlog: inout EventBacklog, clock: () -> Double) -> [Effect] {
        let deadline = clock() + EventBacklog.secondsPerFrame
        var effects: [Effect] = []
        var applied = 0
        while !quitting, applied < EventBacklog.eventsPerFrame, applied == 0 || clock() < deadline, let event = backlog.next() {
            effects += update(event)
            applied += 1
        }
        return effects
    }
}
