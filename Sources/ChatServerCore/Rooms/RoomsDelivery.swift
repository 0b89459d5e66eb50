import Foundation

/// A `rooms` socket as the hub numbers it (not the `connection_id` the client sees).
typealias RoomsConnectionID = Int

/// One event to send to some sockets: what `RoomsState` decides and `RoomsHub` performs.
struct RoomsDelivery: Sendable, Equatable {
    /// In ascending order, so tests can compare deliveries.
    let recipients: [RoomsConnectionID]
    let event: RoomsEvent

    init(_ recipients: some Sequence<RoomsConnectionID>, _ event: RoomsEvent) {
        self.recipients = recipients.sorted()
        self.event = event
    }
}

/// A moment as `RoomsState` sees it: monotonic for heartbeats, wall-clock for what clients are shown.
struct RoomsTime: Sendable {
    /// Time since the hub started, on its injected clock.
    var elapsed: Duration
    var date: Date
}
