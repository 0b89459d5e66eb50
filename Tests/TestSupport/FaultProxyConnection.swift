#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// One proxied client connection and its upstream connection.
///
/// Confined to the client channel's event loop; the upstream channel uses the same loop.
final class FaultProxyConnection {
    enum Side { case client, upstream }

    private let client: Channel
    private let currentMode: @Sendable () -> FaultProxy.Mode
    private var upstream: Channel?
    private var connecting = false
    private var clientOpen = true
    private var blackholed = false
    /// Set by `reset()`/`close()`: an upstream that connects afterwards is closed at once.
    private var aborted = false
    private let finishedPromise: EventLoopPromise<Void>

    /// Succeeds once the sockets on both sides are closed.
    var finished: EventLoopFuture<Void> { finishedPromise.futureResult }

    init(client: Channel, currentMode: @escaping @Sendable () -> FaultProxy.Mode) {
        self.client = client
        self.currentMode = currentMode
        self.finishedPromise = client.eventLoop.makePromise()
    }

    /// Connects upstream, or, when blackholed, only starts swallowing the client's bytes.
    func start(blackholed: Bool, upstreamHost: String, upstreamPort: Int) {
        client.closeFuture.assumeIsolated().whenComplete { _ in self.clientClosed() }
        if blackholed {
            blackhole()
            return
        }
        connecting = true
        let connection = NIOLoopBound(self, eventLoop: client.eventLoop)
        ClientBootstrap(group: client.eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        FaultProxySideHandler(connection: connection.value, side: .upstream)
                    )
                }
            }
            .connect(host: upstreamHost, port: upstreamPort)
            .assumeIsolated()
            .whenComplete { self.connected($0) }
    }

    /// Forwards nothing in either direction from now on, for good.
    func blackhole() {
        blackholed = true
        // Keep reading both sides (and dropping the bytes), whatever backpressure had paused.
        Self.setAutoRead(true, on: client)
        Self.setAutoRead(true, on: upstream)
    }

    /// Aborts the client with an RST and closes the upstream.
    func reset() {
        aborted = true
        Self.abort(client)
        upstream?.close(promise: nil)
    }

    /// Closes both sides; the future succeeds once they are closed.
    func close() -> EventLoopFuture<Void> {
        aborted = true
        client.close(promise: nil)
        upstream?.close(promise: nil)
        return finished
    }

    func received(_ bytes: ByteBuffer, from side: Side) {
        followMode()
        guard !blackholed && !aborted, side == .client || currentMode() != .dropReplies else { return }
        (side == .client ? upstream : client)?.writeAndFlush(bytes, promise: nil)
    }

    /// Backpressure: stop reading one side while the other cannot keep up.
    func writabilityChanged(of side: Side, isWritable: Bool) {
        guard !blackholed else { return }
        Self.setAutoRead(isWritable, on: side == .client ? upstream : client)
    }

    /// Closes `channel` with SO_LINGER 0, which makes the kernel send an RST.
    static func abort(_ channel: Channel) {
        _ = (channel as? SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
        channel.close(promise: nil)
    }

    /// Catches up with the proxy's mode, so that a change counts from the moment
    /// `setMode` returns rather than when its event reaches this loop.
    private func followMode() {
        switch currentMode() {
        case .pass, .dropReplies: break
        case .refuse: if !aborted { reset() }
        case .blackhole: if !blackholed { blackhole() }
        }
    }

    private func connected(_ result: Result<Channel, Error>) {
        connecting = false
        guard case .success(let channel) = result else {
            followMode()
            if !blackholed { client.close(promise: nil) }
            finishIfDone()
            return
        }
        upstream = channel
        channel.closeFuture.assumeIsolated().whenComplete { _ in self.upstreamClosed() }
        followMode()
        if aborted || (!clientOpen && !blackholed) {
            channel.close(promise: nil)
        } else if !blackholed {
            Self.setAutoRead(true, on: client)
        }
    }

    private func clientClosed() {
        clientOpen = false
        followMode()
        if !blackholed { upstream?.close(promise: nil) }
        finishIfDone()
    }

    private func upstreamClosed() {
        upstream = nil
        followMode()
        if !blackholed { client.close(promise: nil) }
        finishIfDone()
    }

    private func finishIfDone() {
        if !clientOpen && upstream == nil && !connecting { finishedPromise.succeed() }
    }

    private static func setAutoRead(_ on: Bool, on channel: Channel?) {
        // Fails only once the channel is closed, when reading no longer matters.
        try? channel?.syncOptions?.setOption(.autoRead, value: on)
    }
}

/// Hands one side's reads and writability changes to its connection.
final class FaultProxySideHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: FaultProxyConnection
    private let side: FaultProxyConnection.Side

    init(connection: FaultProxyConnection, side: FaultProxyConnection.Side) {
        self.connection = connection
        self.side = side
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.received(unwrapInboundIn(data), from: side)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.writabilityChanged(of: side, isWritable: context.channel.isWritable)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

/// Resets a client the moment it is accepted (`FaultProxy.Mode.refuse`).
final class FaultProxyRefuseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        FaultProxyConnection.abort(context.channel)
    }
}
