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
    private let threadPool: NIOThreadPool
    private let state: NIOLockedValueBox<State>
    private let logger: Logger

    private struct State {
        var idle: [PostgresConnection] = []
        var inUse = 0
        var closed = false
    }

    /// The number of connections (and worker threads).
    public let size: Int

    /// Creates a pool; no connection is opened until the first work item.
    public init(conninfo: String, size: Int = 8, logger: Logger = Logger(label: "parley.postgres")) {
        self.conninfo = conninfo
        self.size = size
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
            var healthy = false
            defer { checkIn(connection, reusable: healthy) }
            let value = try body(connection)
            healthy = connection.isHealthy && connection.isIdle
            return value
        }
    }

    /// Runs `body` in a transaction with `app.org_id` set for row-level security (nil leaves it unset).
    ///
    /// Commits when `body` returns, rolls back when it throws, and runs the whole body again (up to
    /// `maximumAttempts` times) when PostgreSQL reports a serialization failure or deadlock.
    @discardableResult
    public func transaction<T: Sendable>(
        org: UUID?,
        settings: [String: String] = [:],
        _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            var attempt = 1
            while true {
                do {
                    return try PostgresTransaction.run(on: connection, org: org, settings: settings, body)
                } catch let error as PostgresError where error.isRetryable && attempt < Self.maximumAttempts {
                    attempt += 1
                    continue
                }
            }
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

    private func checkOut() throws -> PostgresConnection {
        let reused = try state.withLockedValue { state -> PostgresConnection? in
            if state.closed { throw PostgresError(kind: .poolClosed, message: "the pool is closed") }
            state.inUse += 1
            return state.idle.popLast()
        }
        if let reused, reused.isHealthy { return reused }
        do {
            return try PostgresConnection(conninfo: conninfo)
        } catch {
            state.withLockedValue { $0.inUse -= 1 }
            logger.error("cannot connect to PostgreSQL", metadata: ["error": "\(error)"])
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection, reusable: Bool) {
        var keep = reusable
        if !keep, connection.isHealthy, !connection.isIdle {
            // Left inside a transaction by an error: roll back so the connection can serve again.
            keep = (try? connection.execute(raw: "ROLLBACK")) != nil && connection.isIdle
        }
        if !keep { logger.debug("dropping a PostgreSQL connection") }
        state.withLockedValue { state in
            state.inUse -= 1
            if keep && !state.closed { state.idle.append(connection) }
        }
    }
}

extension PostgresPool: Service {
    /// Waits for graceful shutdown, then closes the pool (after the HTTP server, which runs before it, drained).
    public func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }
}
