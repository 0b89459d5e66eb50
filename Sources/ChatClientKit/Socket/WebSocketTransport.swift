import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// `LinkTransport` on a SwiftNIO channel of its own: TCP, TLS verified by default, the
/// HTTP upgrade, then `WebSocketHandler`. A socket costs its channel and the task that runs
/// it, which hands each message to the link; the link's frames go straight to the channel.
struct WebSocketTransport: LinkTransport {
    /// The largest message accepted from a server.
    static let maxMessageSize = 1 << 20
    /// How long a closing handshake may take before the connection is dropped.
    static let closingTimeout = TimeAmount.seconds(2)

    let server: ServerAddress
    /// Interval of WebSocket pings; a ping unanswered for a whole interval closes the socket.
    /// 0 disables them.
    let pingInterval: Double
    private let tls: NIOSSLContext?

    init(server: ServerAddress, tls: TLSConfiguration, pingInterval: Double) throws(ChatError) {
        self.server = server
        self.pingInterval = pingInterval
        do {
            self.tls = server.isSecure ? try NIOSSLContext(configuration: tls) : nil
        } catch {
            throw .usage("cannot set up TLS for \(server.host): \(error)")
        }
    }

    private enum Upgrade: Sendable {
        case upgraded(any Channel)
        case refused
    }

    func run(
        url: String, outgoing: OutgoingFrames, received: @escaping @Sendable (InboundFrame) async -> Void
    ) async throws -> SocketEnding {
        let target = try WebSocketTarget(url)
        let events = SocketEvents()
        let (channel, upgrade) = connect(target, events: events)
        let outcome: Upgrade
        do {
            outcome = try await withTaskCancellationHandler {
                try await upgrade.get()
            } onCancel: {
                channel.whenSuccess { $0.close(promise: nil) }
            }
        } catch ChannelError.inappropriateOperationForState {
            // NIO's upgrade handler left the pipeline before an answer: the connection closed.
            throw SocketOpenError.failed("\(target.host):\(target.port) closed the connection during the WebSocket upgrade")
        } catch {
            throw SocketOpenError.failed(TransportErrors.classify(error, server: server).description)
        }
        guard case .upgraded(let socket) = outcome else { throw SocketOpenError.upgradeRefused }
        outgoing.attach { socket.writeAndFlush($0, promise: nil) }
        return await withTaskCancellationHandler {
            for await event in events.stream {
                switch event {
                case .message(let frame):
                    await received(frame)
                    events.taken()
                case .ended(let ending):
                    return ending
                }
            }
            return SocketEnding(code: nil, reason: nil)
        } onCancel: {
            socket.close(promise: nil)
        }
    }

    /// Connects and starts the upgrade: the channel, and how the upgrade went. Futures, not
    /// async calls: the task that runs the socket keeps its stack small for as long as it lives.
    private func connect(
        _ target: WebSocketTarget, events: SocketEvents
    ) -> (channel: EventLoopFuture<any Channel>, upgrade: EventLoopFuture<Upgrade>) {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let upgrade = eventLoop.makePromise(of: Upgrade.self)
        let sslContext = target.isSecure ? tls : nil
        let keepAlive = pingInterval > 0 ? TimeAmount.milliseconds(Int64(pingInterval * 1000)) : nil
        let channel = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelOption(
                ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 1 << 16)
            )
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: target.host))
                    }
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: Self.maxMessageSize) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                WebSocketHandler(
                                    maxMessageSize: Self.maxMessageSize, events: events, keepAlive: keepAlive,
                                    closingTimeout: Self.closingTimeout))
                            return .upgraded(channel)
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: target.requestHead, upgraders: [upgrader]
                    ) { channel in
                        channel.close(promise: nil)
                        return channel.eventLoop.makeSucceededFuture(.refused)
                    }
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    // A server may send its first frames in the same packet as the 101.
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                        .cascade(to: upgrade)
                }
            }
            .connect(host: target.host, port: target.port)
        // A refused connection says so, not that the upgrade it never began was cut short.
        channel.whenFailure { upgrade.fail($0) }
        return (channel, channel.flatMap { _ in upgrade.futureResult })
    }
}
