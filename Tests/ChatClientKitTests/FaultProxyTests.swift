#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import TestSupport

/// Bounded waits: positive expectations return as soon as they hold; `silence` is how
/// long a blackholed socket must stay quiet.
private let patience = TimeAmount.seconds(15)
private let silence = TimeAmount.milliseconds(200)

@Suite(.live) struct FaultProxyTests {
    @Test func passForwardsBytesAndClosesAndCountsConnections() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let first = try await ProbeClient.connect(port: proxy.port)
            let second = try await ProbeClient.connect(port: proxy.port)
            #expect(try await first.roundTrip("hello") == "hello")
            #expect(try await second.roundTrip("world") == "world")
            #expect(proxy.acceptedConnections == 2)
            #expect(proxy.activeConnections == 2)

            try await first.close()
            #expect(try await eventually { proxy.activeConnections == 1 })

            try await echo.closeConnections()
            #expect(try await second.waitForEnd() == .eof)
            #expect(try await eventually { proxy.activeConnections == 0 })

            let third = try await ProbeClient.connect(port: proxy.port)
            #expect(try await third.roundTrip("again") == "again")
            try await proxy.stop()
            #expect(try await third.waitForEnd() == .eof)
            // Another test may already listen on the freed port, so count instead of expecting a refusal.
            _ = try? await ProbeClient.connect(port: proxy.port)
            #expect(proxy.acceptedConnections == 3, "a stopped proxy accepts nothing")
        }
    }

    @Test func blackholeHoldsSocketsOpenAndForwardsNothingForGood() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let old = try await ProbeClient.connect(port: proxy.port)
            #expect(try await old.roundTrip("ping") == "ping")

            proxy.setMode(.blackhole)
            let new = try await ProbeClient.connect(port: proxy.port)
            try await old.send("lost")
            try await new.send("lost")
            async let oldSeen = old.waitForChange(from: Snapshot(received: "ping"), atMost: silence)
            async let newSeen = new.waitForChange(from: Snapshot(), atMost: silence)
            #expect(try await oldSeen == Snapshot(received: "ping"))
            #expect(try await newSeen == Snapshot())
            #expect(echo.receivedBytes == 4)
            #expect(echo.acceptedConnections == 1)
            #expect(proxy.activeConnections == 2)

            // Back to pass: new connections work, blackholed ones stay dead.
            proxy.setMode(.pass)
            try await old.send("again")
            try await new.send("again")
            let fresh = try await ProbeClient.connect(port: proxy.port)
            #expect(try await fresh.roundTrip("fresh") == "fresh")
            async let oldAfter = old.waitForChange(from: Snapshot(received: "ping"), atMost: silence)
            async let newAfter = new.waitForChange(from: Snapshot(), atMost: silence)
            #expect(try await oldAfter == Snapshot(received: "ping"))
            #expect(try await newAfter == Snapshot())
            #expect(echo.receivedBytes == 4 + 5)

            proxy.resetAll()
            #expect(try await old.waitForEnd().endedByPeer)
            #expect(try await new.waitForEnd().endedByPeer)
        }
    }

    @Test func blackholeHidesTheServerHangingUp() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let client = try await ProbeClient.connect(port: proxy.port)
            #expect(try await client.roundTrip("ping") == "ping")

            proxy.setMode(.blackhole)
            try await echo.closeConnections()
            let seen = try await client.waitForChange(from: Snapshot(received: "ping"), atMost: silence)
            #expect(seen == Snapshot(received: "ping"))
            #expect(proxy.activeConnections == 1)
        }
    }

    @Test func resetAllAbortsEveryConnectionWithAnRST() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let first = try await ProbeClient.connect(port: proxy.port)
            let second = try await ProbeClient.connect(port: proxy.port)
            #expect(try await first.roundTrip("a") == "a")
            #expect(try await second.roundTrip("b") == "b")

            proxy.resetAll()
            #expect(try await first.waitForEnd().endedByPeer)
            #expect(try await second.waitForEnd().endedByPeer)
            #expect(try await eventually { proxy.activeConnections == 0 && echo.openConnections == 0 })

            let third = try await ProbeClient.connect(port: proxy.port)
            #expect(try await third.roundTrip("c") == "c")
        }
    }

    @Test func refuseResetsOpenConnectionsAndEveryNewOne() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let open = try await ProbeClient.connect(port: proxy.port)
            #expect(try await open.roundTrip("hi") == "hi")

            proxy.setMode(.refuse)
            #expect(try await open.waitForEnd().endedByPeer)
            #expect(try await ProbeClient.waitForEnd(ofConnectionTo: proxy.port).endedByPeer)
            #expect(proxy.acceptedConnections == 2)
            #expect(echo.acceptedConnections == 1)
            #expect(try await eventually { proxy.activeConnections == 0 })

            proxy.setMode(.pass)
            let later = try await ProbeClient.connect(port: proxy.port)
            #expect(try await later.roundTrip("back") == "back")
            #expect(proxy.acceptedConnections == 3)
        }
    }

    @Test func dropRepliesForwardsTheClientButNotTheServer() async throws {
        try await withEchoBehindProxy { echo, proxy in
            let client = try await ProbeClient.connect(port: proxy.port)
            #expect(try await client.roundTrip("ping") == "ping")
            proxy.setMode(.dropReplies)
            try await client.send("lost")
            #expect(try await eventually { echo.receivedBytes == 8 }, "the server got it")
            let seen = try await client.waitForChange(from: Snapshot(received: "ping"), atMost: silence)
            #expect(seen == Snapshot(received: "ping"), "its echo never came back")
            proxy.setMode(.pass)
            #expect(try await client.roundTrip("back") == "pingback")
        }
    }

    @Test func setUpstreamPortRetargetsOnlyNewConnections() async throws {
        let other = try await EchoServer.start()
        try await withEchoBehindProxy { echo, proxy in
            let before = try await ProbeClient.connect(port: proxy.port)
            #expect(try await before.roundTrip("one") == "one")

            proxy.setUpstreamPort(other.port)
            let after = try await ProbeClient.connect(port: proxy.port)
            #expect(try await after.roundTrip("two") == "two")
            #expect(try await before.roundTrip("three") == "onethree")

            #expect(echo.acceptedConnections == 1)
            #expect(echo.receivedBytes == 3 + 5)
            #expect(other.acceptedConnections == 1)
            #expect(other.receivedBytes == 3)
        }
        try await other.stop()
    }

    @Test func unreachableUpstreamClosesTheClient() async throws {
        let unreachable = try ReservedPort()
        let proxy = try await FaultProxy.start(upstreamPort: unreachable.port)
        let client = try await ProbeClient.connect(port: proxy.port)
        #expect(try await client.waitForEnd() == .eof)
        #expect(try await eventually { proxy.activeConnections == 0 })
        try await proxy.stop()
    }
}

private func withEchoBehindProxy(_ body: (EchoServer, FaultProxy) async throws -> Void) async throws {
    let echo = try await EchoServer.start()
    let proxy = try await FaultProxy.start(upstreamPort: echo.port)
    do {
        try await body(echo, proxy)
    } catch {
        try await proxy.stop()
        try await echo.stop()
        throw error
    }
    try await proxy.stop()
    try await echo.stop()
}

/// Polls `condition` every 10 ms until it holds or `patience` runs out.
private func eventually(_ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .nanoseconds(patience.nanoseconds)
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(10))
    }
    return true
}

// MARK: - Echo server

/// A loopback TCP echo server that counts what reaches it.
private final class EchoServer: Sendable {
    struct Stats {
        var accepted = 0
        var receivedBytes = 0
        var open: [ObjectIdentifier: Channel] = [:]
    }

    let port: Int
    private let channel: Channel
    private let stats: NIOLockedValueBox<Stats>

    private init(channel: Channel, stats: NIOLockedValueBox<Stats>) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.stats = stats
    }

    static func start() async throws -> EchoServer {
        let stats = NIOLockedValueBox(Stats())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                stats.withLockedValue {
                    $0.accepted += 1
                    $0.open[id] = channel
                }
                channel.closeFuture.whenComplete { _ in stats.withLockedValue { _ = $0.open.removeValue(forKey: id) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(stats: stats))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return EchoServer(channel: channel, stats: stats)
    }

    var acceptedConnections: Int { stats.withLockedValue { $0.accepted } }
    var receivedBytes: Int { stats.withLockedValue { $0.receivedBytes } }
    var openConnections: Int { stats.withLockedValue { $0.open.count } }

    /// Hangs up on every client, as a server that drops its sessions would.
    func closeConnections() async throws {
        for child in stats.withLockedValue({ Array($0.open.values) }) {
            try? await child.close()  // the client may have closed it first
        }
    }

    func stop() async throws {
        try await channel.close()
        try await closeConnections()
    }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let stats: NIOLockedValueBox<EchoServer.Stats>

    init(stats: NIOLockedValueBox<EchoServer.Stats>) {
        self.stats = stats
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        stats.withLockedValue { $0.receivedBytes += bytes.readableBytes }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

// MARK: - Probe client

/// What a `ProbeClient` has seen so far.
private struct Snapshot: Sendable, Equatable {
    enum End: Sendable, Equatable {
        case eof
        case reset
        case error(String)
    }

    var received = ""
    var end: End?
}

private extension Optional where Wrapped == Snapshot.End {
    /// An RST seen as ECONNRESET or, when NIO handles the hang-up event before the error, as a
    /// bare end of stream: the socket ended, and not by a timeout.
    var endedByPeer: Bool { self == .reset || self == .eof }
}

/// A raw TCP client that records everything it receives.
private final class ProbeClient: Sendable {
    private let channel: Channel
    private let recorder: NIOLoopBound<ProbeRecorder>

    private init(channel: Channel, recorder: NIOLoopBound<ProbeRecorder>) {
        self.channel = channel
        self.recorder = recorder
    }

    static func connect(port: Int) async throws -> ProbeClient {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let recorder = try await eventLoop.submit { NIOLoopBound(ProbeRecorder(), eventLoop: eventLoop) }.get()
        let channel = try await ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(recorder.value) }
            }
            .connect(to: SocketAddress(ipAddress: "127.0.0.1", port: port))
            .get()
        return ProbeClient(channel: channel, recorder: recorder)
    }

    /// Connects and waits for the connection to end; an RST may even fail the connect.
    static func waitForEnd(ofConnectionTo port: Int) async throws -> Snapshot.End? {
        do {
            return try await connect(port: port).waitForEnd()
        } catch let error as IOError where error.errnoCode == ECONNRESET {
            return .reset
        }
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Sends `text` and returns everything received once it has come back.
    func roundTrip(_ text: String) async throws -> String {
        try await send(text)
        return try await wait(atMost: patience) { $0.received.hasSuffix(text) || $0.end != nil }.received
    }

    func waitForEnd() async throws -> Snapshot.End? {
        try await wait(atMost: patience) { $0.end != nil }.end
    }

    /// Returns as soon as anything differs from `snapshot`, or after `timeout`.
    func waitForChange(from snapshot: Snapshot, atMost timeout: TimeAmount) async throws -> Snapshot {
        try await wait(atMost: timeout) { $0 != snapshot }
    }

    func close() async throws {
        try await channel.close()
    }

    private func wait(
        atMost timeout: TimeAmount,
        until condition: @escaping @Sendable (Snapshot) -> Bool
    ) async throws -> Snapshot {
        try await channel.eventLoop.flatSubmit {
            self.recorder.value.wait(on: self.channel.eventLoop, atMost: timeout, until: condition)
        }.get()
    }
}

/// Records a `ProbeClient`'s input and wakes its single waiter; lives on the channel's loop.
private final class ProbeRecorder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private struct Waiter {
        let condition: (Snapshot) -> Bool
        let promise: EventLoopPromise<Snapshot>
        let timeout: Scheduled<Void>
    }

    private var snapshot = Snapshot()
    private var waiter: Waiter?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        snapshot.received += String(buffer: unwrapInboundIn(data))
        update()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if snapshot.end == nil {
            snapshot.end = (error as? IOError)?.errnoCode == ECONNRESET ? .reset : .error("\(error)")
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if snapshot.end == nil { snapshot.end = .eof }
        update()
    }

    func wait(
        on eventLoop: EventLoop,
        atMost timeout: TimeAmount,
        until condition: @escaping (Snapshot) -> Bool
    ) -> EventLoopFuture<Snapshot> {
        precondition(waiter == nil, "one wait at a time")
        if condition(snapshot) { return eventLoop.makeSucceededFuture(snapshot) }
        let promise = eventLoop.makePromise(of: Snapshot.self)
        let timeout = eventLoop.assumeIsolated().scheduleTask(in: timeout) { self.finishWaiting() }
        waiter = Waiter(condition: condition, promise: promise, timeout: timeout)
        return promise.futureResult
    }

    private func update() {
        guard let waiter, waiter.condition(snapshot) else { return }
        waiter.timeout.cancel()
        finishWaiting()
    }

    private func finishWaiting() {
        let promise = waiter?.promise
        waiter = nil
        promise?.succeed(snapshot)
    }
}
