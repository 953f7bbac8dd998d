import Foundation
import Logging
import ParleyDomain
import Postgres

/// The transactional shell: each use case is one transaction that loads state, asks the domain for a
/// decision, and writes rows (and events) together.
public struct Store: Sendable {
    /// The connections.
    public let pool: PostgresPool
    /// Writers that end with one event in a plan's chain and run concurrently on the same plan share one
    /// transaction and one commit (`GroupCommit`): the chain head, which each of them takes last, is then taken
    /// once per group, with everyone's events (`Events.record`). Comments use it. Proposals do not:
    /// a group runs its members' bodies one after another on one thread, and a proposal's body is mostly Swift
    /// work (values, funnel checks): grouped, they were slower (236 against 279 a second in consecutive runs of
    /// `deploy/bench-http.sh`).
    let planEvents: GroupCommit<UUID, Events.Pending>

    /// Creates a store over a pool.
    public init(pool: PostgresPool) {
        self.pool = pool
        self.planEvents = GroupCommit(pool: pool) { tx, org, plan, events, writes in
            try Events.record(tx, org: org, plan: plan, events, after: writes)
        }
    }

    /// Runs a transaction inside the caller's org.
    @discardableResult
    func transaction<T: Sendable>(
        _ org: UUID, _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        try await pool.transaction(org: org, body)
    }
}

extension PostgresTransaction {
    /// Maps "no row" to `notFound`.
    func one(_ sql: SQL) throws -> PostgresRow {
        let rows = try query(sql)
        guard let row = rows.first else { throw StoreError.notFound }
        return row
    }

    /// Updates a versioned row: zero rows means stale (412 with the current version) or missing (404).
    func versionedUpdate(_ update: SQL, current: SQL) throws -> PostgresRow {
        let rows = try query(update)
        if let row = rows.first { return row }
        let existing = try query(current)
        guard let row = existing.first else { throw StoreError.notFound }
        throw StoreError.versionConflict(current: try row.decode(Int64.self))
    }
}

extension LocalDate {
    /// Today's date in UTC, from the system clock.
    public static var today: LocalDate {
        LocalDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
