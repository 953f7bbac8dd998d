import Foundation
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

@Suite("tenant isolation, proven from the catalog")
struct TenancyTests {
    @Test("every table with an org_id column has row-level security enabled and forced")
    func everyTenantTableIsForced() async throws {
        let pool = try await TestDatabase.pool()
        let rows = try await pool.transaction(org: nil) { tx in
            try tx.query(
                """
                SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)
                ORDER BY 1
                """)
        }
        #expect(rows.count >= 5)
        for row in rows {
            let table: String = try row.decode(0)
            #expect(try row.decode(1, as: Bool.self), "RLS not enabled on \(table)")
            #expect(try row.decode(2, as: Bool.self), "RLS not forced on \(table)")
            #expect(try row.decode(3, as: Int.self) >= 1, "no policy on \(table)")
        }
    }

    @Test("the server's role is neither superuser nor BYPASSRLS")
    func ordinaryRole() async throws {
        let pool = try await TestDatabase.pool()
        let row = try await pool.transaction(org: nil) { tx in
            try tx.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")[0]
        }
        #expect(try row.decode(0, as: Bool.self) == false)
        #expect(try row.decode(1, as: Bool.self) == false)
    }

    @Test("with org A's id set, none of org B's rows is visible in any tenant table")
    func noRowsOfAnotherOrg() async throws {
        let store = try await TestDatabase.store()
        let today = LocalDate(year: 2026, month: 1, day: 1)!
        let a = try await store.createOrganization(name: "A", adminEmail: "a@a.test", adminName: "A", passwordHash: nil, today: today)
        let b = try await store.createOrganization(name: "B", adminEmail: "b@b.test", adminName: "B", passwordHash: nil, today: today)
        let tables = try await store.pool.transaction(org: nil) { tx in
            try tx.query(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id')
                """
            ).map { try $0.decode(0, as: String.self) }
        }
        for table in tables {
            let (visibleB, visibleA) = try await store.pool.transaction(org: a.orgID) { tx in
                (
                    try tx.query(SQL(unsafeSQL: "SELECT count(*) FROM \(table) WHERE org_id = $1", binds: [b.orgID.postgresText]))[0]
                        .decode(0, as: Int.self),
                    try tx.query(SQL(unsafeSQL: "SELECT count(*) FROM \(table) WHERE org_id <> $1", binds: [a.orgID.postgresText]))[0]
                        .decode(0, as: Int.self)
                )
            }
            #expect(visibleB == 0, "org B's rows visible in \(table)")
            #expect(visibleA == 0, "another org's rows visible in \(table)")
        }
        // Writing a row for another org is refused by the policy's check.
        await #expect(throws: PostgresError.self) {
            try await store.pool.transaction(org: a.orgID) { tx in
                try tx.execute("INSERT INTO units (org_id, unit_id, name) VALUES (\(b.orgID), \(UUID()), 'intruder')")
            }
        }
        // Without an org set, nothing is visible at all.
        let none = try await store.pool.transaction(org: nil) { tx in
            try tx.query("SELECT count(*) FROM users")[0].decode(0, as: Int.self)
        }
        #expect(none == 0)
    }

    @Test("migrating twice is a no-op, and a changed applied file is an error")
    func migrationsIdempotent() async throws {
        let pool = try await TestDatabase.pool()
        let migrations = try Migrations(folder: Migrations.defaultFolder())
        #expect(try await migrations.apply(on: pool).isEmpty)
        #expect(try await migrations.isCurrent(on: pool))
        var changed = migrations.files
        changed[0].sql += "\n-- edited"
        let tampered = try Migrations(files: changed)
        await #expect(throws: Migrations.Failure.self) { try await tampered.apply(on: pool) }
        #expect(try await tampered.isCurrent(on: pool) == false)
    }
}
