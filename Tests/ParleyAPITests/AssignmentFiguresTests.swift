import Foundation
import ParleyTestSupport
import Testing

/// `assignment_figures` (migration 0009) is derived from `assignments` by the store after every write to an
/// assignment's figures. These drive every kind of such write through the API and check, after each, that the
/// rows are exactly what the assignments say: one per assignment and plan metric, with the same four figures.
@Suite("assignment figures follow the assignments")
struct AssignmentFiguresTests {
    /// Rows that differ between the stored figures and the ones derived from `assignments`, counted both ways.
    private func mismatches(_ fixture: PlanFixture) async throws -> Int {
        let org = fixture.org.orgID
        return try await fixture.api.store.pool.transaction(org: org) { tx in
            try tx.query(
                """
                WITH derived AS (
                    SELECT a.plan_id, a.rep_id, m.key AS metric, a.unit_id, (a.top_down_annuals ->> m.key)::bigint AS top_down,
                           (a.bottom_up_annuals ->> m.key)::bigint AS bottom_up, (a.agreed_annuals ->> m.key)::bigint AS agreed,
                           coalesce((a.last_year_annuals ->> m.key)::bigint, 0) AS last_year
                    FROM assignments a JOIN plans p ON p.org_id = a.org_id AND p.plan_id = a.plan_id
                    CROSS JOIN LATERAL (SELECT d ->> 'key' AS key FROM jsonb_array_elements(p.metrics) AS d) AS m
                    WHERE a.org_id = \(org)
                ), stored AS (
                    SELECT plan_id, rep_id, metric, unit_id, top_down, bottom_up, agreed, last_year
                    FROM assignment_figures WHERE org_id = \(org)
                )
                SELECT count(*)::int FROM ((SELECT * FROM derived EXCEPT SELECT * FROM stored)
                                           UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM derived)) AS differences
                """
            )[0].decode(Int.self)
        }
    }

    private func figureRows(_ fixture: PlanFixture) async throws -> Int {
        let org = fixture.org.orgID
        return try await fixture.api.store.pool.transaction(org: org) { tx in
            try tx.query("SELECT count(*)::int FROM assignment_figures WHERE org_id = \(org)")[0].decode(Int.self)
        }
    }

    @Test("publication, proposals on both sides, acceptance and uploads of last year keep them exact")
    func negotiation() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            try await fixture.recordActuals([Actual(fixture.veteran, "revenue", "2026-05-05", 700)])
            #expect(try await fixture.transition("publish", by: fixture.leader).status == .ok)
            #expect(try await figureRows(fixture) == 2 * 3, "two assignments, three metrics")
            #expect(try await mismatches(fixture) == 0, "after publication")

            #expect(try await fixture.transition("open_discussion", by: fixture.manager).status == .ok)
            let even: [String: Any] = ["revenue": ["annual": 12_000_000, "distribution": "even"]]
            #expect(try await fixture.propose(on: fixture.veteran, by: fixture.veteran, values: even).status == .created)
            #expect(try await mismatches(fixture) == 0, "after a rep's estimate")
            let counter = try await fixture.propose(
                on: fixture.veteran, by: fixture.manager, values: ["revenue": ["annual": 13_200_000, "distribution": "even"]])
            #expect(counter.status == .created, "\(counter.body)")
            #expect(try await mismatches(fixture) == 0, "after a manager's counter")
            let accepted = try await fixture.accept(
                try counter.decode(API.Proposal.self).id, on: fixture.veteran, by: fixture.veteran)
            #expect(accepted.status == .ok, "\(accepted.body)")
            #expect(try await mismatches(fixture) == 0, "after an acceptance")

            try await fixture.recordActuals([Actual(fixture.veteran, "revenue", "2026-06-06", 300)])
            #expect(try await mismatches(fixture) == 0, "after an upload of last year's actuals")
        }
    }

    @Test("an approved adjustment of a locked plan keeps them exact")
    func adjustment() async throws {
        try await TestAPI.run(today: AdjustmentTests.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            #expect(try await mismatches(fixture) == 0, "after the plan was agreed and locked")
            let requested = try await AdjustmentTests.request(
                fixture, by: fixture.manager, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1_500_000)])
            let id = try requested.expect(.created, as: API.Adjustment.self).id
            #expect(try await AdjustmentTests.decide(fixture, id, "approve", by: fixture.leader).status == .ok)
            #expect(try await mismatches(fixture) == 0, "after the adjustment was applied")
        }
    }
}
