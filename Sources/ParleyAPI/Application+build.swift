import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import ParleyDomain
import ParleyStore
import ParleyWeb
import Postgres
import Prometheus
import ServiceLifecycle

/// How to run the server.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// libpq connection string or URI; empty uses the `PG*` variables.
    public var databaseURL: String
    /// The connection string of the one `LISTEN` connection, which must reach PostgreSQL directly when
    /// `databaseURL` goes through a pooler in transaction mode (`PARLEY_LISTEN_DATABASE_URL`, else
    /// `databaseURL`).
    public var listenDatabaseURL: String
    /// Connections (and database worker threads).
    public var poolSize: Int
    /// Named or unnamed statements (`PARLEY_PG_STATEMENTS`; unnamed behind pgbouncer in transaction mode).
    public var statements: StatementMode
    /// bcrypt cost for new passwords.
    public var bcryptCost: UInt8
    /// The `sql/` folder, for the readiness check.
    public var migrationsFolder: URL
    /// How long an authenticated token is remembered (zero: look it up on every request).
    public var authCacheLifetime: Duration
    /// Sign-in failure limits and session lifetime.
    public var signIn: SignInPolicy
    /// Caps on open event streams, and their heartbeat.
    public var streams: StreamLimits
    /// How long a connection may sit without a request in progress (also bounds how long a client may take
    /// to send a request's header) before the server closes it.
    public var idleTimeout: Duration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databaseURL: String = PostgresPool.conninfoFromEnvironment(),
        listenDatabaseURL: String? = ProcessInfo.processInfo.environment["PARLEY_LISTEN_DATABASE_URL"],
        poolSize: Int = 32, statements: StatementMode = .fromEnvironment(), bcryptCost: UInt8 = 10, migrationsFolder: URL = Migrations.defaultFolder(),
        authCacheLifetime: Duration = .seconds(
            Int(ProcessInfo.processInfo.environment["PARLEY_AUTH_CACHE_SECONDS"] ?? "") ?? 5),
        signIn: SignInPolicy = .fromEnvironment(), streams: StreamLimits = .fromEnvironment(),
        idleTimeout: Duration = .seconds(
            Int(ProcessInfo.processInfo.environment["PARLEY_HTTP_IDLE_SECONDS"] ?? "").flatMap {
                (1...86_400).contains($0) ? $0 : nil
            } ?? 75)
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.listenDatabaseURL = listenDatabaseURL.flatMap { $0.isEmpty ? nil : $0 } ?? databaseURL
        self.poolSize = poolSize
        self.statements = statements
        self.bcryptCost = bcryptCost
        self.migrationsFolder = migrationsFolder
        self.authCacheLifetime = authCacheLifetime
        self.signIn = signIn
        self.streams = streams
        self.idleTimeout = idleTimeout
    }
}

/// The process-wide Prometheus registry behind swift-metrics (bootstrapped once per process).
public enum MetricsRegistry {
    /// The registry `/metrics` renders.
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500].map { .milliseconds($0) }
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

/// Live event streams: one `LISTEN` connection per process feeding the streams open on it.
public struct EventStreams: Sendable {
    let hub: EventHub
    /// The dedicated `LISTEN` connection.
    public let listener: PostgresListener

    /// Starts listening for new events.
    public init(conninfo: String, logger: Logger, limits: StreamLimits = StreamLimits()) {
        let hub = EventHub(limits: limits)
        self.hub = hub
        self.listener = PostgresListener(conninfo: conninfo, channel: Events.channel, logger: logger) {
            hub.publish(payload: $0, logger: logger)
        }
    }

    /// Streams open on this instance.
    public var openStreams: Int { hub.streamCount }
}

/// Builds the router with every route and middleware; tests use it through Hummingbird's test client.
///
/// Every `/v1` route but sign-in is mounted on a group whose context is `AuthenticatedContext`, so a
/// handler there has a caller by construction; a request without a valid token never reaches it.
public func buildRouter(
    store: Store, migrations: Migrations, bcryptCost: UInt8, authCacheLifetime: Duration = .seconds(5),
    signIn: SignInPolicy = SignInPolicy(), events: EventStreams, today: @escaping @Sendable () -> LocalDate = { .today },
    web: WebAssets = .bundled(), openAPI: OpenAPIDocument
) -> Router<ParleyRequestContext> {
    let authentication = AuthenticationCache(lifetime: authCacheLifetime)
    let router = Router(context: ParleyRequestContext.self)
    router.add(middleware: SecurityHeaders())
    router.add(middleware: RequestIdentity())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: Authentication(store: store, cache: authentication))
    router.add(middleware: Idempotency(store: store))

    let identity = IdentityController(
        store: store, bcryptCost: bcryptCost, authentication: authentication, policy: signIn)
    router.addRoutes(
        OperationsController(store: store, migrations: migrations, registry: MetricsRegistry.shared, document: openAPI)
            .endpoints)
    router.addRoutes(WebController(assets: web).endpoints)
    router.addRoutes(identity.publicEndpoints, atPath: "/v1")
    let v1 = router.group("/v1", context: AuthenticatedContext.self)
    v1.addRoutes(identity.endpoints)
    v1.addRoutes(UnitsController(store: store).endpoints)
    v1.addRoutes(PlansController(store: store, today: today).endpoints)
    v1.addRoutes(PlanningController(store: store, today: today).endpoints)
    v1.addRoutes(StreamController(store: store, hub: events.hub, authentication: authentication).endpoints)
    router.add(middleware: MethodNotAllowed(routes: router.routes))
    return router
}

/// Builds the whole server: router, database pool as a service (closed after the server drains).
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger) throws -> some ApplicationProtocol {
    let pool = PostgresPool(
        conninfo: configuration.databaseURL, size: configuration.poolSize, logger: logger,
        statements: configuration.statements)
    return try buildApplication(configuration, logger: logger, store: Store(pool: pool), ownsPool: true)
}

/// The whole server on a given store: what `parley serve` runs, and what the API tests run on their shared
/// test database. Shared parts the caller passes in (the tests' pool, their process-wide event streams) are
/// the caller's to run and close, so the application's services are only what it made itself. `today` is
/// the tests' clock; the server reads the system's.
public func buildApplication(
    _ configuration: ServerConfiguration, logger: Logger, store: Store, ownsPool: Bool, events shared: EventStreams? = nil,
    today: @escaping @Sendable () -> LocalDate = { .today }
) throws -> some ApplicationProtocol {
    let migrations = try Migrations(folder: configuration.migrationsFolder)
    let events =
        shared
        ?? EventStreams(conninfo: configuration.listenDatabaseURL, logger: logger, limits: configuration.streams)
    let router = buildRouter(
        store: store, migrations: migrations, bcryptCost: configuration.bcryptCost,
        authCacheLifetime: configuration.authCacheLifetime, signIn: configuration.signIn, events: events,
        today: today, openAPI: try OpenAPIDocument.bundled())
    // The idle timeout never cuts a response in progress, so open event streams are safe from it.
    let (seconds, attoseconds) = configuration.idleTimeout.components
    let idle = TimeAmount.nanoseconds(min(max(seconds, 0), 86_400) * 1_000_000_000 + attoseconds / 1_000_000_000)
    // Services stop in reverse order: the server drains (ending streams first), then LISTEN, then the pool.
    var services: [any Service] = ownsPool ? [store.pool] : []
    if shared == nil { services += [events.listener, EventHubService(hub: events.hub, store: store, logger: logger)] }
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: idle)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "parley"),
        services: services,
        logger: logger
    )
}
