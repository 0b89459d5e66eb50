/// One socket's messages handed to the store and not yet settled: at most `limit` at a time,
/// so a client that pipelines fills TCP's buffers rather than the server's memory, and a way
/// to wait until they have all settled, before answering anything else.
struct WritesInFlight {
    private let limit: Int
    private var count = 0
    private let settledOne: AsyncStream<Void>.Continuation
    private var settlements: AsyncStream<Void>.AsyncIterator

    init(limit: Int) {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        self.limit = max(limit, 1)
        settledOne = continuation
        settlements = stream.makeAsyncIterator()
    }

    /// Waits until fewer than `limit` are in flight, then counts one more; the write calls the
    /// returned closure once, when it has settled.
    mutating func reserve() async -> @Sendable () -> Void {
        while count >= limit, await settlement() {}
        count += 1
        let settledOne = self.settledOne
        return { settledOne.yield() }
    }

    /// Waits until every write in flight has settled.
    mutating func drain() async {
        while count > 0, await settlement() {}
    }

    /// Takes one settlement; false (and nothing counted any more) if the task was cancelled.
    private mutating func settlement() async -> Bool {
        guard await settlements.next() != nil else {
            count = 0
            return false
        }
        count -= 1
        return true
    }
}
