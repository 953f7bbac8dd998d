import Foundation
import Logging
import ParleyStore
import Postgres

/// The PostgreSQL every test uses: `DATABASE_URL` (set by `deploy/test.sh`), migrated once per process.
///
/// Tests isolate themselves by working in an organization of their own, so they run in parallel.
public enum TestDatabase {
    /// The libpq connection string (`DATABASE_URL`, else the `PG*` variables).
    public static var conninfo: String { PostgresPool.conninfoFromEnvironment() }

    private static let shared = Task<PostgresPool, any Error> {
        let pool = PostgresPool(conninfo: conninfo, size: 8, logger: Logger(label: "test"))
        _ = try await Migrations(folder: Migrations.defaultFolder()).apply(on: pool)
        return pool
    }

    /// A migrated pool shared by the tests of this process.
    public static func pool() async throws -> PostgresPool {
        try await shared.value
    }

    /// A store over the shared pool.
    public static func store() async throws -> Store {
        Store(pool: try await pool())
    }
}
