import Foundation
import NIOConcurrencyHelpers

/// One open database transaction that the `transaction` calls of a task join (see
/// `PostgresPool.withSharedTransaction`).
///
/// Joined bodies run one at a time on the pool's threads, each on the same connection; a lock keeps two
/// child tasks from using the connection at once, since libpq connections are not thread-safe.
final class SharedTransaction: @unchecked Sendable {
    @TaskLocal static var current: SharedTransaction?

    let pool: PostgresPool
    let org: UUID
    private let connection: PostgresConnection
    private let lock = NIOLock()
    private var finished = false

    init(pool: PostgresPool, org: UUID, connection: PostgresConnection) {
        self.pool = pool
        self.org = org
        self.connection = connection
    }

    /// Runs `body` inside a savepoint of the shared transaction. A body that throws is undone to its
    /// savepoint; one that lost a serialization or deadlock race is run again from there.
    func join<T: Sendable>(
        org: UUID?, settings: [String: String], _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        guard org == nil || org == self.org else {
            throw PostgresError(kind: .query, message: "a shared transaction stays inside one organization")
        }
        return try await pool.threadPool.runIfActive { [self] in
            try lock.withLock {
                guard !finished else { throw PostgresError(kind: .query, message: "the shared transaction has ended") }
                try connection.execute(raw: "SAVEPOINT parley_joined")
                var attempt = 1
                while true {
                    do {
                        let value = try body(try PostgresTransaction.joined(on: connection, settings: settings))
                        try connection.execute(raw: "RELEASE SAVEPOINT parley_joined")
                        return value
                    } catch {
                        guard connection.isHealthy, (try? connection.execute(raw: "ROLLBACK TO SAVEPOINT parley_joined")) != nil
                        else { throw error }
                        if let error = error as? PostgresError, error.isRetryable, attempt < PostgresPool.maximumAttempts {
                            attempt += 1
                            continue
                        }
                        try? connection.execute(raw: "RELEASE SAVEPOINT parley_joined")
                        throw error
                    }
                }
            }
        }
    }

    /// Commits (or rolls back) and returns the connection to the pool; later calls do nothing.
    func finish(commit: Bool) throws {
        try lock.withLock {
            guard !finished else { return }
            finished = true
            defer { pool.checkIn(connection) }
            if commit {
                try connection.execute(raw: "COMMIT")
            } else if connection.isHealthy {
                try? connection.execute(raw: "ROLLBACK")
            }
        }
    }
}
