import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A TCP proxy on 127.0.0.1 that integration tests put between a client and a server to
/// break the network on purpose.
///
/// A mode change applies to existing and new connections:
/// - `.pass`: bytes and closes are forwarded both ways. Connections blackholed earlier
///   stay blackholed (their data was lost); only new connections pass again, so a client
///   must detect the dead connection and reconnect.
/// - `.refuse`: the server is down. Open connections are reset (RST); new ones are
///   accepted and reset at once, so a connect succeeds and the first read fails.
/// - `.blackhole`: the network is dead. Every socket stays open and nothing crosses in
///   either direction, neither bytes nor closes: reads are discarded, and a close on one
///   side is not seen on the other. New connections are accepted but never reach the
///   upstream. Sockets end only when their own peer closes them, or on `resetAll()`,
///   `.refuse` or `stop()`.
/// - `.dropReplies`: the way back is broken: the client's bytes still reach the server,
///   the server's bytes are lost (an acknowledgement that never arrives).
public final class FaultProxy: Sendable {
    public enum Mode: Sendable, Equatable {
        case pass
        case refuse
        case blackhole
        case dropReplies
    }

    private struct State {
        var mode = Mode.pass
        var upstreamHost: String
        var upstreamPort: Int
        var accepted = 0
        var openClients = 0
        /// Connections with a socket still open on either side.
        var connections: [ObjectIdentifier: NIOLoopBound<FaultProxyConnection>] = [:]
    }

    /// The local port clients should connect to.
    public let port: Int
    private let serverChannel: Channel
    private let state: NIOLockedValueBox<State>

    private init(serverChannel: Channel, state: NIOLockedValueBox<State>) {
        self.serverChannel = serverChannel
        self.port = serverChannel.localAddress?.port ?? 0
        self.state = state
    }

    /// Starts listening on an ephemeral port of 127.0.0.1, in `.pass` mode. With `tls`, it
    /// terminates TLS for its clients and forwards plain bytes (a TLS front for chat-server).
    public static func start(
        upstreamHost: String = "127.0.0.1", upstreamPort: Int, tls: TLSConfiguration? = nil
    ) async throws -> FaultProxy {
        let state = NIOLockedValueBox(State(upstreamHost: upstreamHost, upstreamPort: upstreamPort))
        let tlsContext = try tls.map(NIOSSLContext.init(configuration:))
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A client is read only once its upstream is connected (or it is blackholed).
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    try admit(channel, state: state)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return FaultProxy(serverChannel: serverChannel, state: state)
    }

    /// Client connections currently open (a blackholed upstream may outlive its client).
    public var activeConnections: Int { state.withLockedValue { $0.openClients } }

    /// Client connections accepted so far, refused ones included.
    public var acceptedConnections: Int { state.withLockedValue { $0.accepted } }

    public func setMode(_ mode: Mode) {
        let connections = state.withLockedValue { state in
            state.mode = mode
            return Array(state.connections.values)
        }
        switch mode {
        case .pass, .dropReplies: break
        case .refuse: Self.run(on: connections) { $0.reset() }
        case .blackhole: Self.run(on: connections) { $0.blackhole() }
        }
    }

    /// Aborts every connection: an RST to the client, a plain close to the upstream.
    public func resetAll() {
        Self.run(on: state.withLockedValue { Array($0.connections.values) }) { $0.reset() }
    }

    /// Points new connections at another upstream port; existing ones keep theirs.
    public func setUpstreamPort(_ port: Int) {
        state.withLockedValue { $0.upstreamPort = port }
    }

    /// Stops listening and closes every connection on both sides.
    public func stop() async throws {
        do {
            try await serverChannel.close()
        } catch ChannelError.alreadyClosed {}
        for connection in state.withLockedValue({ Array($0.connections.values) }) {
            try await connection.eventLoop.flatSubmit { connection.value.close() }.get()
        }
    }

    /// Sets up a freshly accepted client channel; runs on its event loop.
    private static func admit(_ channel: Channel, state: NIOLockedValueBox<State>) throws {
        let id = ObjectIdentifier(channel)
        // Registering under the lock that `setMode` takes means no mode change is missed.
        let admitted = state.withLockedValue { current -> (FaultProxyConnection, Mode, String, Int)? in
            current.accepted += 1
            guard current.mode != .refuse else { return nil }
            let connection = FaultProxyConnection(client: channel) { state.withLockedValue { $0.mode } }
            current.openClients += 1
            current.connections[id] = NIOLoopBound(connection, eventLoop: channel.eventLoop)
            return (connection, current.mode, current.upstreamHost, current.upstreamPort)
        }
        guard let (connection, mode, host, port) = admitted else {
            try channel.pipeline.syncOperations.addHandler(FaultProxyRefuseHandler())
            return
        }
        channel.closeFuture.whenComplete { _ in state.withLockedValue { $0.openClients -= 1 } }
        connection.finished.whenComplete { _ in state.withLockedValue { _ = $0.connections.removeValue(forKey: id) } }
        try channel.pipeline.syncOperations.addHandler(FaultProxySideHandler(connection: connection, side: .client))
        connection.start(blackholed: mode == .blackhole, upstreamHost: host, upstreamPort: port)
    }

    private static func run(
        on connections: [NIOLoopBound<FaultProxyConnection>],
        _ body: @escaping @Sendable (FaultProxyConnection) -> Void
    ) {
        for connection in connections {
            connection.eventLoop.execute { body(connection.value) }
        }
    }
}
