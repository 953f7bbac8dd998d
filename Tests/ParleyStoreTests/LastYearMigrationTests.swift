import Foundation
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

@Suite("migration 0007 fills in last year's totals of existing assignments")
struct LastYearMigrationTests {
    @Test("an assignment of before 0007 gets its rep's sums of the twelve months before its plan, per metric")
    func backfill() async throws {
        let shared = try await TestDatabase.pool()
        let name = "parley_ly_" + UUID().uuidString.prefix(8).lowercased()
        try await shared.withConnection { try $0.execute(raw: "CREATE DATABASE \(name)") }
        let pool = PostgresPool(
            conninfo: try TenantKeysCatalogTests.conninfo(TestDatabase.conninfo, database: name), size: 1)
        let outcome: Result<[String], any Error>
        do {
            let all = try Migrations(folder: Migrations.defaultFolder())
            _ = try await Migrations(files: all.files.filter { $0.name < "0007" }).apply(on: pool)
            let org = UUID()
            let (unit, rep, idle, plan) = (UUID(), UUID(), UUID(), UUID())
            try await pool.withConnection { connection in
                // As the schema's owner, inside the organization (row-level security binds the owner too).
                try connection.execute(
                    raw: """
                        SET app.org_id = '\(org)';
                        INSERT INTO organizations (org_id, name) VALUES ('\(org)', 'Before 0007');
                        INSERT INTO units (org_id, unit_id, name) VALUES ('\(org)', '\(unit)', 'Root');
                        INSERT INTO users (org_id, user_id, email, name, role, unit_id, hired_on) VALUES
                            ('\(org)', '\(rep)', 'rep@example.com', 'Rep', 'rep', '\(unit)', '2020-01-01'),
                            ('\(org)', '\(idle)', 'idle@example.com', 'Idle', 'rep', '\(unit)', '2020-01-01');
                        INSERT INTO plans (org_id, plan_id, name, unit_id, start_month, months, currency, metrics, ramp_months,
                                           stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, created_by, state)
                            VALUES ('\(org)', '\(plan)', 'FY2027', '\(unit)', '2027-01-01', 12, 'CNY', '[]', 3, 13000, 100,
                                    ARRAY['\(rep)']::uuid[], 1, '\(rep)', 'proposed');
                        INSERT INTO assignments (org_id, plan_id, rep_id, unit_id, ramp_months_in_plan) VALUES
                            ('\(org)', '\(plan)', '\(rep)', '\(unit)', 0), ('\(org)', '\(plan)', '\(idle)', '\(unit)', 0);
                        INSERT INTO actuals_monthly (org_id, user_id, metric, month, value) VALUES
                            ('\(org)', '\(rep)', 'revenue', '2025-12-01', 1),
                            ('\(org)', '\(rep)', 'revenue', '2026-01-01', 10),
                            ('\(org)', '\(rep)', 'revenue', '2026-12-01', 200),
                            ('\(org)', '\(rep)', 'revenue', '2027-01-01', 3000),
                            ('\(org)', '\(rep)', 'visits', '2026-06-01', 7);
                        RESET app.org_id;
                        """)
            }
            let applied = try await all.apply(on: pool)
            outcome = .success(
                [applied.joined(separator: ",")]
                    + (try await pool.withConnection { connection in
                        try connection.execute(raw: "SET app.org_id = '\(org)'")
                        return try connection.query(
                            "SELECT last_year_annuals::text FROM assignments WHERE org_id = \(org) ORDER BY rep_id = \(idle)"
                        ).map { try $0.decode(String.self) }
                    }))
        } catch {
            outcome = .failure(error)
        }
        try await pool.close()
        try await shared.withConnection { try $0.execute(raw: "DROP DATABASE \(name)") }
        let values = try outcome.get()
        #expect(values.first?.hasPrefix("0007_") == true, "\(values)")
        #expect(Array(values.dropFirst()) == [#"{"visits": 7, "revenue": 210}"#, "{}"])
    }
}
