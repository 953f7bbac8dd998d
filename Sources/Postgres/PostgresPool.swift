import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import ServiceLifecycle

/// A fixed set of libpq connections served by threads of their own.
///
/// Every unit of work runs on one of `size` dedicated threads (an `NIOThreadPool`), never on an event
/// loop or the cooperative pool. Because at most `size` work items run at once, a thread always finds
/// an idle connection (opening one lazily the first time), so the pool needs no waiter queue: callers
/// beyond `size` wait in the thread pool's queue.
///
/// A connection that broke (server restart, `pg_terminate_backend`) or that is somehow left inside a
/// transaction is dropped instead of returned; the next work item opens a fresh one.
public final class PostgresPool: Sendable {
    /// How many times a transaction that lost a serialization or deadlock race is run again.
    public static let maximumAttempts = 5

    /// Connections in use and idle, for metrics.
    public struct Usage: Sendable {
        /// Connections currently running work.
        public var inUse: Int
        /// Open connections waiting for work.
        public var idle: Int
    }

    private let conninfo: String
    let threadPool: NIOThreadPool
    private let state: NIOLockedValueBox<State>
    private let logger: Logger

    private struct State {
        var idle: [PostgresConnection] = []
        var inUse = 0
        var closed = false
    }

    /// The number of connections (and worker threads).
    public let size: Int
    /// Named (cached) or unnamed statements; unnamed behind a transaction-pooling proxy such as pgbouncer.
    public let statementMode: StatementMode

    /// Creates a pool; no connection is opened until the first work item.
    public init(
        conninfo: String, size: Int = 8, logger: Logger = Logger(label: "parley.postgres"),
        statements: StatementMode = .fromEnvironment()
    ) {
        self.conninfo = Self.withConnectTimeout(conninfo)
        self.size = size
        self.statementMode = statements
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: size)
        self.state = NIOLockedValueBox(State())
        self.threadPool.start()
    }

    /// The libpq connection string for `DATABASE_URL`, or empty so libpq reads the `PG*` variables.
    public static func conninfoFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        environment["DATABASE_URL"] ?? ""
    }

    /// How long opening a connection may take when neither the connection string nor `PGCONNECT_TIMEOUT`
    /// says: libpq's default is to wait forever, and a request must never hang on an unreachable database.
    public static let defaultConnectTimeoutSeconds = 5

    /// `conninfo` with `connect_timeout` added when neither it nor the environment sets one.
    public static func withConnectTimeout(
        _ conninfo: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        guard !conninfo.contains("connect_timeout"), environment["PGCONNECT_TIMEOUT"] == nil else { return conninfo }
        let setting = "connect_timeout=\(defaultConnectTimeoutSeconds)"
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") {
            return conninfo + (conninfo.contains("?") ? "&" : "?") + setting
        }
        return conninfo.isEmpty ? setting : conninfo + " " + setting
    }

    /// Current usage.
    public var usage: Usage {
        state.withLockedValue { Usage(inUse: $0.inUse, idle: $0.idle.count) }
    }

    /// Runs `body` with a connection on a pool thread. The body is synchronous on purpose: it holds a
    /// connection, so it must never wait for anything but the database.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T)
        async throws -> T
    {
        try await threadPool.runIfActive { [self] in
            let connection = try checkOut()
            defer { checkIn(connection) }
            return try body(connection)
        }
    }

    /// Runs `body` in a transaction with `app.org_id` set for row-level security (nil leaves it unset).
    ///
    /// Commits when `body` returns, rolls back when it throws, and runs the whole body again (up to
    /// `maximumAttempts` times) when PostgreSQL reports a serialization failure or deadlock, or when the
    /// connection turns out to be broken before any statement of the transaction ran (an idle connection
    /// that a restarted server closed): in both cases nothing of it took effect.
    ///
    /// Inside `withSharedTransaction`, the body joins that transaction instead (see there).
    @discardableResult
    public func transaction<T: Sendable>(
        org: UUID?,
        settings: [String: String] = [:],
        _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        if let shared = SharedTransaction.current, shared.pool === self {
            return try await shared.join(org: org, settings: settings, body)
        }
        return try await threadPool.runIfActive { [self] in
            var connection = try checkOut()
            defer { checkIn(connection) }
            var attempt = 1
            while true {
                do {
                    return try PostgresTransaction.run(on: connection, org: org, settings: settings, body)
                } catch let error as PostgresError where error.isRetryable && attempt < Self.maximumAttempts {
                    attempt += 1
                } catch is PostgresTransaction.NotStarted where attempt < Self.maximumAttempts {
                    attempt += 1
                    // The other idle connections most likely died with the same server: open fresh ones.
                    discardIdleConnections()
                    let fresh = try checkOut()
                    checkIn(connection, reusable: false)
                    connection = fresh
                } catch let notStarted as PostgresTransaction.NotStarted {
                    throw notStarted.error
                }
            }
        }
    }

    /// Runs `body` with every `transaction` it calls (in this task and its child tasks) joined into one
    /// database transaction: committed when `body` returns, rolled back when it throws.
    ///
    /// Each joined body runs inside a savepoint, so a body that throws undoes only its own statements,
    /// exactly as its own transaction would have. This makes "do the work and record that it was done"
    /// atomic even when the two are written by different layers (the idempotency record of a request and
    /// the request's work): a crash commits both or neither. The connection is held across the awaits of
    /// `body`, so keep `body` short: one request's handling.
    public func withSharedTransaction<T>(org: UUID, _ body: () async throws -> T) async throws -> T {
        let shared = try await threadPool.runIfActive { [self] in
            var connection = try checkOut()
            for attempt in 1...Self.maximumAttempts {
                do {
                    try PostgresTransaction.begin(on: connection, org: org)
                    break
                } catch let notStarted as PostgresTransaction.NotStarted {
                    checkIn(connection, reusable: false)
                    guard attempt < Self.maximumAttempts else { throw notStarted.error }
                    discardIdleConnections()
                    connection = try checkOut()
                } catch {
                    checkIn(connection)
                    throw error
                }
            }
            return SharedTransaction(pool: self, org: org, connection: connection)
        }
        do {
            let value = try await SharedTransaction.$current.withValue(shared) { try await body() }
            try await threadPool.runIfActive { try shared.finish(commit: true) }
            return value
        } catch {
            try? await threadPool.runIfActive { try shared.finish(commit: false) }
            throw error
        }
    }

    /// Closes every connection; later work fails with `poolClosed`.
    public func close() async throws {
        let connections = state.withLockedValue { state -> [PostgresConnection] in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        _ = connections  // Released here: `deinit` calls PQfinish.
        try await threadPool.shutdownGracefully()
        state.withLockedValue { $0.idle.removeAll() }
    }

    func checkOut() throws -> PostgresConnection {
        let reused = try state.withLockedValue { state -> PostgresConnection? in
            if state.closed { throw PostgresError(kind: .poolClosed, message: "the pool is closed") }
            state.inUse += 1
            return state.idle.popLast()
        }
        if let reused, reused.isAlive { return reused }
        do {
            return try PostgresConnection(conninfo: conninfo, statements: statementMode)
        } catch {
            state.withLockedValue { $0.inUse -= 1 }
            // libpq's message says why (refused, authentication failed, timeout); it names no secrets.
            logger.error("cannot connect to PostgreSQL", metadata: ["error": "\(String(reflecting: error))"])
            throw error
        }
    }

    /// Returns a connection: kept when it is healthy and outside any transaction (rolling back one that an
    /// error left open), dropped otherwise.
    func checkIn(_ connection: PostgresConnection, reusable: Bool = true) {
        var keep = reusable && connection.isHealthy
        if keep && !connection.isIdle {
            keep = (try? connection.execute(raw: "ROLLBACK")) != nil && connection.isIdle
        }
        if !keep { logger.debug("dropping a PostgreSQL connection") }
        state.withLockedValue { state in
            state.inUse -= 1
            if keep && !state.closed { state.idle.append(connection) }
        }
    }

    func discardIdleConnections() {
        let dropped = state.withLockedValue { state -> [PostgresConnection] in
            defer { state.idle.removeAll() }
            return state.idle
        }
        if !dropped.isEmpty { logger.info("discarding idle PostgreSQL connections", metadata: ["count": "\(dropped.count)"]) }
    }
}

extension PostgresPool: Service {
    /// Waits for graceful shutdown, then closes the pool (after the HTTP server, which runs before it, drained).
    public func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }
}
