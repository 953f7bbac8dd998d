import Foundation
import Logging
import ParleyTestSupport
import Postgres
import Testing

/// What running behind pgbouncer in transaction mode needs from the client: no named statement that
/// would outlive the transaction, and every per-request setting local to its transaction.
@Suite("pooler mode: unnamed statements, transaction-local settings")
struct PoolerModeTests {
    static func preparedOnConnection(_ pool: PostgresPool) async throws -> Int {
        try await pool.transaction(org: UUID(), settings: ["app.login_email": "x@example.com"]) { tx in
            _ = try tx.query("SELECT \(42)::int")
            try tx.connection.pipeline(["SELECT 1", "SELECT \(UUID())::uuid"])
            return try tx.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(0, as: Int.self)
        }
    }

    @Test("in unnamed mode no statement is prepared under a name; in named mode they are")
    func unnamedModePreparesNothing() async throws {
        let unnamed = PostgresPool(conninfo: TestDatabase.conninfo, size: 1, statements: .unnamed)
        let named = PostgresPool(conninfo: TestDatabase.conninfo, size: 1, statements: .named)
        #expect(try await Self.preparedOnConnection(unnamed) == 0)
        #expect(try await Self.preparedOnConnection(named) >= 3)
        try await unnamed.close()
        try await named.close()
    }

    @Test("PARLEY_PG_STATEMENTS: unset is named, unnamed is unnamed, anything else is refused")
    func statementModeFromEnvironment() {
        #expect(StatementMode(environment: [:]) == .named)
        #expect(StatementMode(environment: ["PARLEY_PG_STATEMENTS": "named"]) == .named)
        #expect(StatementMode(environment: ["PARLEY_PG_STATEMENTS": "unnamed"]) == .unnamed)
        #expect(StatementMode(environment: ["PARLEY_PG_STATEMENTS": "off"]) == nil)
        #expect(StatementMode.fromEnvironment(["PARLEY_PG_STATEMENTS": "off"]) == .unnamed)
    }

    @Test("the org and settings are SET LOCAL: exact values, quotes and backslashes included, gone after commit")
    func settingsAreTransactionLocal() async throws {
        for mode in [StatementMode.named, .unnamed] {
            let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1, statements: mode)
            let org = UUID()
            let awkward = "o'brien\\'; SELECT 1; --\"é@example.com"
            let (seenOrg, seenEmail, pid) = try await pool.transaction(org: org, settings: ["app.login_email": awkward]) { tx in
                let row = try tx.query(
                    "SELECT current_setting('app.org_id'), current_setting('app.login_email'), pg_backend_pid()")[0]
                return (try row.decode(0, as: String.self), try row.decode(1, as: String.self), try row.decode(2, as: Int32.self))
            }
            #expect(seenOrg == org.uuidString.lowercased())
            #expect(seenEmail == awkward)
            let (after, samePID) = try await pool.transaction(org: nil) { tx in
                let row = try tx.query(
                    "SELECT coalesce(current_setting('app.org_id', true), '') || coalesce(current_setting('app.login_email', true), ''), pg_backend_pid()")[0]
                return (try row.decode(0, as: String.self), try row.decode(1, as: Int32.self))
            }
            #expect(samePID == pid, "the second transaction should reuse the connection")
            #expect(after == "")
            try await pool.close()
        }
    }

    @Test("setLocal mid-transaction sets a setting; a setting name that is not prefix.name is refused")
    func setLocal() async throws {
        let pool = try await TestDatabase.pool()
        let value = try await pool.transaction(org: nil) { tx in
            try tx.setLocal("app.plan_lookup", "it's")
            return try tx.query("SELECT current_setting('app.plan_lookup')")[0].decode(0, as: String.self)
        }
        #expect(value == "it's")
        for name in ["app.org_id; DROP TABLE x", "org_id", "App.x", "app.x.y", "app.", ".x"] {
            await #expect(throws: PostgresError.self) {
                try await pool.transaction(org: nil, settings: [name: "v"]) { _ in }
            }
        }
    }

    @Test("after a 0A000 error drops the statement cache, new statements get new names (no 42P05 later)")
    func statementNamesAreNeverReused() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1, statements: .named)
        try await pool.transaction(org: nil) { tx in _ = try tx.query("SELECT 1") }
        // 0A000 (feature not supported) is also what Citus answers for what it cannot distribute.
        await #expect(throws: PostgresError.self) {
            try await pool.transaction(org: nil) { tx in _ = try tx.query("SELECT count(*) FROM pg_class FOR UPDATE") }
        }
        for value in 2...4 {
            let seen = try await pool.transaction(org: nil) { tx in
                try tx.query("SELECT \(value)::int + 0")[0].decode(0, as: Int.self)
            }
            #expect(seen == value)
        }
        try await pool.close()
    }
}
