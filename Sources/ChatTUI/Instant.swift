import Foundation

/// The time as the app sees it: the wall clock (for message times) and the client's
/// monotonic clock (for connection deadlines such as "reconnecting in N s").
public struct Instant: Sendable, Equatable {
    public var wall: Date
    /// `ChatClient.now`: seconds on the sessions' clock.
    public var monotonic: Double

    public init(wall: Date, monotonic: Double) {
        self.wall = wall
        self.monotonic = monotonic
    }
}
