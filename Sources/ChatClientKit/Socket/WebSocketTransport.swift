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
    /// The loop every socket of this transport runs on.
    private let eventLoop: any EventLoop

    init(server: ServerAddress, tls: TLSConfiguration, pingInterval: Double, eventLoop: any EventLoop) throws(ChatError) {
        self.server = server
        self.pingInterval = pingInterval
        self.eventLoop = eventLoop
        do {
            self.tls = server.isSecure ? try NIOSSLContext(configuration: tls) : nil
        } catch {
            throw .usage("cannot set up TLS for \(server.host): \(error)")
        }
    }

    func run(
        url: String, outgoing: OutgoingFrames, received: @escaping @Sendable ([InboundFrame]) async -> Void
    ) async throws -> SocketEnding {
        let target = try WebSocketTarget(url)
        guard !target.isSecure || tls != nil else {
            throw SocketOpenError.failed("a wss:// socket needs TLS, and this client was set up for \(server)")
        }
        let events = SocketEvents()
        let channel = connect(target, events: events)
        // One wait for everything the socket reports keeps this task's stack, which lives as
        // long as the socket, to a few frames.
        return try await withTaskCancellationHandler {
            while let event = await events.next() {
                switch event {
                case .opened(let socket):
                    outgoing.attach(write: { socket.write($0, promise: nil) }, flush: { socket.flush() })
                case .refused:
                    throw SocketOpenError.upgradeRefused
                case .failed(let error):
                    throw openError(error, target)
                case .messages:
                    let frames = events.takeAll()
                    if !frames.isEmpty { await received(frames) }
                case .ended(let ending):
                    return ending
                }
            }
            return SocketEnding(code: nil, reason: nil)
        } onCancel: {
            channel.whenSuccess { $0.close(promise: nil) }
        }
    }

    private func openError(_ error: any Error, _ target: WebSocketTarget) -> SocketOpenError {
        if let error = error as? SocketOpenError { return error }
        return .failed(TransportErrors.classify(error, server: server).description)
    }

    /// Connects and starts the upgrade; `events` hears how it went. Futures, not async calls:
    /// the task that runs the socket keeps a small stack for as long as it lives.
    private func connect(_ target: WebSocketTarget, events: SocketEvents) -> EventLoopFuture<any Channel> {
        let sslContext = target.isSecure ? tls : nil
        let keepAlive = pingInterval > 0 ? TimeAmount.milliseconds(Int64(pingInterval * 1000)) : nil
        let channel = ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelOption(
                ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 1 << 16)
            )
            // One read per wake-up: the channel keeps a receive buffer for each read it may
            // make in a row (4 by default), and a chat socket's traffic fits in one.
            .channelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: target.host))
                    }
                    // The handler reports `opened` when the upgrade adds it; a refusal or a
                    // failure completes the upgrade without it.
                    let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: Self.maxMessageSize) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                WebSocketHandler(
                                    maxMessageSize: Self.maxMessageSize, events: events, keepAlive: keepAlive,
                                    closingTimeout: Self.closingTimeout))
                            return true
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Bool>(
                        upgradeRequestHead: target.requestHead, upgraders: [upgrader]
                    ) { channel in
                        channel.close(promise: nil)
                        return channel.eventLoop.makeSucceededFuture(false)
                    }
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    // A server may send its first frames in the same packet as the 101.
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    let upgraded = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: pipeline)
                    upgraded.whenComplete { outcome in
                        switch outcome {
                        case .success(true): break
                        case .success(false): events.notOpened(.success(()))
                        // The pipeline went away with the connection, which reports itself below.
                        case .failure(let error as ChannelError) where error == .inappropriateOperationForState: break
                        case .failure(let error): events.notOpened(.failure(error))
                        }
                    }
                }
            }
            .connect(host: target.host, port: target.port)
        // Whichever comes first ends the events; what follows it is ignored. After an upgrade
        // the handler has already ended it when the connection closes.
        channel.whenComplete { connected in
            switch connected {
            case .failure(let error):
                events.notOpened(.failure(error))
            case .success(let channel):
                let closed = SocketOpenError.failed(
                    "\(target.host):\(target.port) closed the connection during the WebSocket upgrade")
                channel.closeFuture.whenComplete { _ in events.notOpened(.failure(closed)) }
            }
        }
        return channel
    }
}
