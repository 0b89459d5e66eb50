import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

/// `LinkTransport` on a SwiftNIO channel of its own: TCP, TLS verified by default, the
/// HTTP upgrade, then `WebSocketHandler`. A socket costs its channel and one child task
/// that writes what the link queues; messages are read by the task that runs it.
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
        url: String, outgoing: AsyncStream<OutgoingFrame>, received: @escaping @Sendable (InboundFrame) async -> Void
    ) async throws -> SocketEnding {
        let target = try WebSocketTarget(url)
        let events = SocketEvents()
        let opening = Mutex<(any Channel)?>(nil)
        let channel: any Channel
        do {
            let upgrade = try await connect(target, events: events) { channel in opening.withLock { $0 = channel } }
            let outcome = try await withTaskCancellationHandler {
                try await upgrade.get()
            } onCancel: {
                opening.withLock { $0 }?.close(promise: nil)
            }
            guard case .upgraded(let upgraded) = outcome else { throw SocketOpenError.upgradeRefused }
            channel = upgraded
        } catch let error as SocketOpenError {
            throw error
        } catch ChannelError.inappropriateOperationForState {
            // NIO's upgrade handler left the pipeline before an answer: the connection closed.
            throw SocketOpenError.failed("\(target.host):\(target.port) closed the connection during the WebSocket upgrade")
        } catch {
            throw SocketOpenError.failed(TransportErrors.classify(error, server: server).description)
        }
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await frame in outgoing { channel.writeAndFlush(frame, promise: nil) }
                }
                defer { group.cancelAll() }
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
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Connects and starts the upgrade; the future says how it went.
    private func connect(
        _ target: WebSocketTarget, events: SocketEvents, channelCreated: @escaping @Sendable (any Channel) -> Void
    ) async throws -> EventLoopFuture<Upgrade> {
        let sslContext = target.isSecure ? tls : nil
        let keepAlive = pingInterval > 0 ? TimeAmount.milliseconds(Int64(pingInterval * 1000)) : nil
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelOption(
                ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 1024, maximum: 1 << 16)
            )
            .connect(host: target.host, port: target.port) { channel in
                channelCreated(channel)
                return channel.eventLoop.makeCompletedFuture {
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
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                }
            }
    }
}
