import ChatModel
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import Synchronization

/// The reference server: REST under `/api`, the `conversations` WebSocket at
/// `/ws/{conversation_id}`, the `rooms` WebSocket at `/ws/chat/{user_id}` with its admin API
/// under `/ws`, `GET /health`, SQLite storage (one instance) or PostgreSQL (any number of
/// instances behind any load balancer), and optionally the demo customers.
///
/// Runs in-process (`chat-tui --demo`, tests) or from `chat-server serve`:
/// ```swift
/// let server = try await ChatServer(configuration: .init(port: 0, databasePath: path, secret: secret))
/// let port = try await server.start()
/// let token = try server.tokens.mint(sub: "agent-1", ttl: 3600)
/// await server.stop()
/// ```
public final class ChatServer: Sendable {
    private enum RunState {
        case idle
        case running(ServiceGroup, Task<Void, any Error>)
        case finished
    }

    public let configuration: ChatServerConfiguration
    /// Mints and verifies tokens with the server's secret.
    public let tokens: TokenAuthority
    private let store: any ChatStore
    private let service: ChatService
    private let rooms: RoomsService
    private let runState = Mutex(RunState.idle)
    /// Connections the kernel may hold before they are accepted (capped by
    /// `net.core.somaxconn`). Clients reconnect together after an outage; with Hummingbird's
    /// default of 256 the kernel dropped the excess and each of those clients tried again a
    /// second later (TCP's retransmission), which made 1 000 sockets take 1.5 s to open
    /// instead of 0.7.
    static let listenBacklog = 4096

    /// Opens (and migrates) the database; with `demo` set, seeds it when it holds no conversation yet.
    public init(configuration: ChatServerConfiguration) async throws {
        self.configuration = configuration
        tokens = try await TokenAuthority(secret: configuration.secret)
        let now: @Sendable () -> Date = { Date() }
        let logger = configuration.logger
        let roomsHub = RoomsHub(settings: configuration.rooms, now: now, logger: logger)
        let hub: ConversationHub
        let relay: any EventRelay
        switch configuration.database {
        case .sqlite(let path):
            store = try SQLiteChatStore(
                path: path, fsyncEachCommit: configuration.fsyncEachCommit, deduplicates: configuration.deduplicatesClientIDs)
            hub = ConversationHub(limits: configuration.limits, now: now, logger: logger)
            relay = SingleInstanceRelay(delivery: LocalDelivery(hub: hub, rooms: roomsHub))
        case .postgres(let url):
            let pool = PostgresPool(
                url: url, timeout: configuration.cluster.databaseTimeout,
                maximumConnections: configuration.cluster.maximumConnections, logger: logger)
            let postgres: PostgresChatStore
            do {
                postgres = try await PostgresChatStore(pool: pool, deduplicates: configuration.deduplicatesClientIDs)
            } catch {
                await pool.close()
                throw error as? StoreError == .unavailable
                    ? ChatServerError.databaseUnavailable(timeout: configuration.cluster.databaseTimeout)
                    : ChatServerError.databaseFailed(PostgresFailure.describe(error))
            }
            store = postgres
            hub = ConversationHub(limits: configuration.limits, presenceIsLocal: false, now: now, logger: logger)
            relay = PostgresRelay(
                store: postgres, delivery: LocalDelivery(hub: hub, rooms: roomsHub), settings: configuration.cluster,
                presenceTimeout: configuration.limits.presenceTimeout, logger: logger)
        }
        service = ChatService(
            store: store, hub: hub, rooms: roomsHub, relay: relay, limits: configuration.limits,
            roomsSettings: configuration.rooms, now: now, logger: logger)
        rooms = RoomsService(chat: service, settings: configuration.rooms, logger: configuration.logger)
        if configuration.demo != nil {
            try await DemoSeed.seedIfEmpty(store, now: now())
        }
    }

    /// Binds and starts serving; returns the bound port (useful with port 0).
    ///
    /// With `handlingSignals`, SIGTERM and SIGINT shut the server down gracefully.
    public func start(handlingSignals: Bool = false) async throws -> Int {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(
                services: makeServices(onBound: { port in
                    portSink.yield(port)
                    portSink.finish()
                }),
                gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [],
                logger: configuration.logger))
        let store = self.store
        let hub = service.hub
        let task = runState.withLock { state -> Task<Void, any Error>? in
            guard case .idle = state else { return nil }
            let task = Task {
                let outcome: Result<Void, any Error>
                do {
                    try await group.run()
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                portSink.finish()
                hub.shutdown()
                await store.close()
                try outcome.get()
            }
            state = .running(group, task)
            return task
        }
        guard let task else { throw ChatServerError.alreadyStarted }
        for await port in ports {
            configuration.logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
            return port
        }
        try await task.value
        throw ChatServerError.stoppedBeforeListening
    }

    /// Waits until the server has stopped (after `stop()` or a signal); rethrows a failure.
    public func waitUntilStopped() async throws {
        let task = runState.withLock { state -> Task<Void, any Error>? in
            if case .running(_, let task) = state { return task }
            return nil
        }
        try await task?.value
    }

    /// Shuts down gracefully: stops accepting, closes sockets, then closes the database.
    public func stop() async {
        let running = runState.withLock { state -> (ServiceGroup, Task<Void, any Error>)? in
            guard case .running(let group, let task) = state else { return nil }
            state = .finished
            return (group, task)
        }
        guard let (group, task) = running else { return }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    private func makeServices(onBound: @escaping @Sendable (Int) -> Void) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let logger = configuration.logger
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ErrorMiddleware(logger: logger))
        HealthRoute(service: service, startedAt: .now).register(on: router)
        let api = router.group("api").add(middleware: BearerAuthMiddleware(tokens: tokens))
        ConversationRoutes(service: service).register(on: api)
        MessageRoutes(service: service).register(on: api)
        let roomsAdmin = router.group("ws")
            .add(middleware: ExpressErrorMiddleware())
            .add(middleware: BearerAuthMiddleware(tokens: tokens))
        RoomsRoutes(service: rooms).register(on: roomsAdmin)

        let session = WebSocketSession(service: service, tokens: tokens, limits: configuration.limits, logger: logger)
        let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
        webSocketRouter.add(middleware: RequestLogMiddleware(logger: logger))
        webSocketRouter.ws("ws/{conversation_id}") { inbound, outbound, context in
            try await session.run(
                conversation: context.requestContext.parameters.get("conversation_id"),
                token: context.request.uri.queryParameters.get("token"),
                inbound: inbound, outbound: outbound)
        }
        let roomsSession = RoomsSession(service: rooms, tokens: tokens, limits: configuration.limits, logger: logger)
        webSocketRouter.ws("ws/chat/{user_id}") { inbound, outbound, context in
            let query = context.request.uri.queryParameters
            try await roomsSession.run(
                userID: context.requestContext.parameters.get("user_id") ?? "", role: query.get("role"),
                token: query.get("token"), inbound: inbound, outbound: outbound)
        }

        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(
                    ws: .init(maxFrameSize: WebSocketSession.readLimit, autoPing: .enabled(timePeriod: .seconds(30))))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), backlog: Self.listenBacklog),
            onServerRunning: { channel in onBound(channel.localAddress?.port ?? 0) },
            logger: logger)
        // Started first, so shut down last: the relay outlives the sockets it delivers to. A relay
        // without background work (one instance) returns at once, which must not stop the server.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: RelayService(relay: service.relay), successTerminationBehavior: .ignore), .init(service: app),
        ]
        if let demo = configuration.demo {
            services.append(.init(service: DemoCustomers(service: service, settings: demo, logger: logger)))
            services.append(.init(service: RoomsDemoCustomers(service: rooms, settings: demo, logger: logger)))
        }
        return services
    }
}

/// Runs the relay's background work until graceful shutdown.
private struct RelayService: Service {
    let relay: any EventRelay

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await relay.run()
        }
    }
}

/// Misuse or early failure of `ChatServer`.
public enum ChatServerError: Error, CustomStringConvertible {
    case alreadyStarted
    case stoppedBeforeListening
    /// PostgreSQL did not answer within the timeout.
    case databaseUnavailable(timeout: Duration)
    /// PostgreSQL answered with an error (SQLSTATE and message).
    case databaseFailed(String)

    public var description: String {
        switch self {
        case .alreadyStarted: "the server was already started"
        case .stoppedBeforeListening: "the server stopped before it was listening"
        case .databaseUnavailable(let timeout):
            "PostgreSQL did not answer within \(timeout); check that it runs and accepts connections from here"
        case .databaseFailed(let text): text
        }
    }
}
