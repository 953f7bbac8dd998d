import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Postgres
import Testing

/// Legal values whose products and sums leave ±(2^53 - 1): the server answers 422 naming what overflowed (or a
/// null ratio), and never traps, 500s or returns an inexact figure.
@Suite("overflow: sums and products of legal values")
struct OverflowAPITests {
    static let max = 9_007_199_254_740_991

    @Test("explain after proposing 10^15 visits against a goal of 1 visit: 200, the unstatable share left out")
    func explainHugeShare() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let goal = try await fixture.putGoal(
                fixture.team,
                values: [
                    "revenue": ["annual": 12_000_000, "distribution": "even"],
                    "visits": ["months": [1] + Array(repeating: 0, count: 11)],
                ])
            #expect(goal.status == .created, "\(goal.body)")
            let proposed = try await fixture.propose(
                on: fixture.veteran, by: fixture.veteran,
                values: [
                    "visits": ["annual": 1_000_000_000_000_000], "revenue": ["months": PlanFixture.veteranMonths],
                ])
            #expect(proposed.status == .created, "\(proposed.body)")
            let explain = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/explain", token: fixture.veteran.token)
            #expect(explain.status == .ok, "\(explain.body)")
            let explanation = try explain.decode(API.Explanation.self)
            let share = explanation.goalShare
            #expect(share?.goal["visits"] == 1)
            #expect(share.map { $0.targetShareBps["visits"] == nil } == true, "\(explain.body)")
            #expect(share?.targetShareBps["revenue"] == 10_000)
            #expect(explanation.targets["visits"]?.annual == 1_000_000_000_000_000)
        }
    }

    @Test("an adjustment taking a rep's annual beyond 2^53 - 1 is 422 naming the change; nothing is stored")
    func adjustmentRepAnnual() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let response = try await AdjustmentTests.request(
                fixture, by: fixture.leader,
                changes: [
                    AdjustmentTests.change(fixture.veteran, "2027-03", 5),
                    AdjustmentTests.change(fixture.veteran, "2027-07", Self.max),
                ])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["changes[1].value"], "\(response.body)")
            let list = try await api.request(.get, "\(fixture.path)/adjustments", token: fixture.leader.token)
            #expect(try list.expect(.ok, as: API.List<API.Adjustment>.self).items.isEmpty)
        }
    }

    @Test("an adjustment taking a unit's agreed total beyond 2^53 - 1 is 422 on `changes`, though each rep is in range")
    func adjustmentUnitTotal() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            // Each rep's revenue then sums to exactly 2^53 - 1; North's total to twice that.
            let changes = [
                AdjustmentTests.change(fixture.veteran, "2027-07", Self.max - 11_000_000),
                AdjustmentTests.change(fixture.newcomer, "2027-07", Self.max - 10_800_000),
            ]
            let response = try await AdjustmentTests.request(fixture, by: fixture.leader, changes: changes)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["changes"], "\(response.body)")
            // Up to the range's end is fine, and the impact exact: the veteran's 11,000,000 of other months plus
            // the newcomer's 12,000,000 plus this month make North's total exactly 2^53 - 1.
            let fits = try await AdjustmentTests.request(
                fixture, by: fixture.leader,
                changes: [AdjustmentTests.change(fixture.veteran, "2027-07", Self.max - 23_000_000)])
            #expect(fits.status == .created, "\(fits.body)")
            let north = try #require(try fits.decode(API.Adjustment.self).impact.first { $0.unitID == fixture.region })
            #expect(north.agreedBefore == PlanFixture.goalRevenue)
            #expect(north.agreedAfter == Self.max)
        }
    }

    @Test("submitting agreed sums beyond 2^53 - 1 fails the guard even with a comment")
    func submitBeyondRange() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            let max = Int64(Self.max)
            try await fixture.agree(fixture.veteran, revenue: [max - 11] + Array(repeating: 1, count: 11))
            try await fixture.agree(fixture.newcomer, revenue: [0, 0, max - 9] + Array(repeating: 1, count: 9))
            let response = try await fixture.transition(
                "submit_for_approval", by: fixture.manager, comment: "two record years")
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "guard_failed")
            #expect(response.reasons.contains { $0.contains("beyond") }, "\(response.reasons)")
            #expect(try await fixture.planState() == "in_discussion")
        }
    }

    @Test("progress with actuals to date beyond 2^53 - 1 is 422 naming the metric and figure")
    func progressBeyondRange() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2027-01-04", Self.max),
                Actual(fixture.veteran, "revenue", "2027-01-05", Self.max),
            ])
            let response = try await fixture.progress(asOf: "2027-01-31")
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["metrics.revenue.actual_to_date"], "\(response.body)")
            // Before those days nothing overflows.
            #expect(try await fixture.progress(asOf: "2027-01-03").status == .ok)
        }
    }

    @Test("reconciliation whose last year sums beyond 2^53 - 1 is 422 on `metric`")
    func reconciliationBeyondRange() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-03-02", Self.max),
                Actual(fixture.veteran, "revenue", "2026-03-03", Self.max),
            ])
            // At the root the rep's team arrives summed by SQL; at the team the rep arrives on their own.
            for unit in [nil, fixture.region, fixture.team] as [UUID?] {
                let response = try await fixture.reconciliation(unit: unit)
                #expect(response.status == .unprocessableContent, "\(response.body)")
                #expect(response.errorFields == ["metric"], "\(response.body)")
            }
            let visits = try await fixture.reconciliation(metric: "visits")
            #expect(visits.status == .ok, "\(visits.body)")
        }
    }

    @Test("a last_year goal over actuals beyond 2^53 - 1 in a month is 422 on its distribution")
    func lastYearBeyondRange() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-03-02", Self.max),
                Actual(fixture.newcomer, "revenue", "2026-03-03", Self.max),
            ])
            let response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 1_200, "distribution": "last_year"]])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["values.revenue.distribution"], "\(response.body)")
        }
    }

    @Test("a last_year goal over a month whose actuals sum beyond bigint (40 reps x 31 maximal days) is 422, not 500")
    func lastYearBeyondBigint() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let org = fixture.org.orgID
            let team = fixture.team
            // 40 x 31 x (2^53 - 1) is about 1.1e19, past 2^63: seeded in SQL, as an import would.
            try await api.store.pool.transaction(org: org) { tx in
                // Each INSERT ... SELECT returns its rows into a CTE: on Citus a bare one runs through COPY, which
                // tables with row-level security refuse.
                try tx.execute(
                    """
                    WITH inserted AS (
                        INSERT INTO users (org_id, user_id, email, name, role, unit_id, hired_on)
                        SELECT \(org), gen_random_uuid(), 'bulk-' || g || '@example.com', 'Bulk ' || g, 'rep', \(team),
                               '2019-01-01'::date
                        FROM generate_series(1, 40) g
                        RETURNING 1
                    )
                    SELECT count(*) FROM inserted
                    """)
                try tx.execute(
                    """
                    WITH inserted AS (
                        INSERT INTO actuals (org_id, user_id, metric, day, value)
                        SELECT \(org), u.user_id, 'revenue', d::date, 9007199254740991
                        FROM users u, generate_series('2026-03-01'::date, '2026-03-31'::date, interval '1 day') d
                        WHERE u.org_id = \(org) AND u.email LIKE 'bulk-%'
                        RETURNING 1
                    )
                    SELECT count(*) FROM inserted
                    """)
                // And their monthly sums, which an upload keeps beside the days.
                try tx.execute(
                    """
                    WITH inserted AS (
                        INSERT INTO actuals_monthly (org_id, user_id, metric, month, value)
                        SELECT org_id, user_id, metric, date_trunc('month', day)::date, sum(value) FROM actuals
                        WHERE org_id = \(org) GROUP BY 1, 2, 3, 4
                        RETURNING 1
                    )
                    SELECT count(*) FROM inserted
                    """)
            }
            let response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 1_200, "distribution": "last_year"]])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["values.revenue.distribution"], "\(response.body)")
        }
    }

    /// Adds `count` reps to the fixture's team, each with an agreed revenue of exactly 2^53 - 1 (a legal value),
    /// straight in SQL: a plan that large would take too long to negotiate through the API.
    static func addMaximalReps(_ fixture: PlanFixture, count: Int) async throws {
        let org = fixture.org.orgID
        let team = fixture.team
        let plan = fixture.planID
        let months = Distribution.even(total: Int64(Self.max), count: 12).map(String.init).joined(separator: ",")
        let agreed = #"{"revenue": ["# + months + #"], "visits": [0,0,0,0,0,0,0,0,0,0,0,0]}"#
        try await fixture.api.store.pool.transaction(org: org) { tx in
            // In two statements, the second reading the table: on Citus an INSERT selecting from a CTE, or a bare
            // INSERT ... SELECT from no table, runs through COPY, which tables with row-level security refuse.
            try tx.execute(
                """
                WITH inserted AS (
                    INSERT INTO users (org_id, user_id, email, name, role, unit_id, hired_on)
                    SELECT \(org), gen_random_uuid(), 'max-' || g || '@example.com', 'Max ' || g, 'rep', \(team),
                           '2019-01-01'::date
                    FROM generate_series(1, \(count)) g
                    RETURNING 1
                )
                SELECT count(*) FROM inserted
                """)
            try tx.execute(
                """
                INSERT INTO assignments (org_id, plan_id, rep_id, unit_id, ramp_months_in_plan, state, agreed)
                SELECT org_id, \(plan), user_id, \(team), 0, 'agreed', \(agreed)::jsonb FROM users
                WHERE org_id = \(org) AND email LIKE 'max-%'
                """)
        }
    }

    @Test("submitting a plan whose 1,100 reps each agreed 2^53 - 1 fails the guard (it used to trap)")
    func submitManyMaximalReps() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            try await Self.addMaximalReps(fixture, count: 1_100)
            let response = try await fixture.transition("submit_for_approval", by: fixture.manager, comment: "big year")
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "guard_failed")
            #expect(response.reasons.contains { $0.contains("beyond") }, "\(response.reasons)")
        }
    }

    @Test("an adjustment in a locked plan with 1,100 maximal reps is 422 on `changes` (its impact used to trap)")
    func impactManyMaximalReps() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            try await Self.addMaximalReps(fixture, count: 1_100)
            let response = try await AdjustmentTests.request(
                fixture, by: fixture.leader, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1)])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["changes"], "\(response.body)")
        }
    }

    @Test("approving an adjustment re-checks the totals: two that fit alone do not fit together")
    func approvalRechecksTotals() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            // North then totals exactly 2^53 - 1 ...
            let first = try await AdjustmentTests.request(
                fixture, by: fixture.manager,
                changes: [AdjustmentTests.change(fixture.veteran, "2027-07", Self.max - 23_000_000)])
            // ... and this one unit more, once both apply.
            let second = try await AdjustmentTests.request(
                fixture, by: fixture.manager, changes: [AdjustmentTests.change(fixture.newcomer, "2027-08", 1_200_001)])
            let firstID = try first.expect(.created, as: API.Adjustment.self).id
            let secondID = try second.expect(.created, as: API.Adjustment.self).id
            let approved = try await AdjustmentTests.decide(fixture, firstID, "approve", by: fixture.leader)
            #expect(approved.status == .ok, "\(approved.body)")
            let refused = try await AdjustmentTests.decide(fixture, secondID, "approve", by: fixture.leader)
            #expect(refused.status == .unprocessableContent, "\(refused.body)")
            #expect(refused.errorFields == ["changes"], "\(refused.body)")
            let revisions = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.newcomer.id)/revisions", token: fixture.leader.token)
            #expect(
                try revisions.expect(.ok, as: API.List<API.Revision>.self).items.count == 1,
                "nothing of the refused adjustment applied")
        }
    }

    @Test("progress of a 36-month plan whose actuals to date sum beyond bigint is 422, not 500")
    func progressBeyondBigint() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            let created = try await api.request(
                .post, "/v1/plans", token: fixture.leader.token,
                json: [
                    "name": "Three years", "unit_id": fixture.region.uuidString, "start_month": "2027-01", "months": 36,
                ])
            let path = "/v1/plans/\(try created.expect(.created, as: API.Plan.self).id)"
            let goal = try await api.request(
                .put, "\(path)/goals/\(fixture.region)", token: fixture.leader.token,
                json: ["values": ["revenue": ["annual": 36_000_000]]], headers: [.ifNoneMatch: "*"])
            #expect(goal.status == .created, "\(goal.body)")
            let version = try #require(try await api.request(.get, path, token: fixture.leader.token).version)
            let published = try await api.request(
                .post, "\(path)/transitions", token: fixture.leader.token, json: ["action": "publish"],
                headers: ifMatch(version))
            #expect(published.status == .ok, "\(published.body)")
            // 1,095 days of 2^53 - 1 is about 9.9e18, past 2^63: seeded in SQL, as an import would.
            let org = fixture.org.orgID
            let rep = fixture.veteran.id
            try await api.store.pool.transaction(org: org) { tx in
                // Returned into a CTE: on Citus a bare INSERT ... SELECT runs through COPY, refused under RLS.
                try tx.execute(
                    """
                    WITH inserted AS (
                        INSERT INTO actuals (org_id, user_id, metric, day, value)
                        SELECT \(org), \(rep), 'revenue', d::date, 9007199254740991
                        FROM generate_series('2027-01-01'::date, '2029-12-31'::date, interval '1 day') d
                        RETURNING 1
                    )
                    SELECT count(*) FROM inserted
                    """)
            }
            let response = try await api.request(
                .get, "\(path)/progress?as_of=2029-12-31", token: fixture.leader.token)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["metrics.revenue.actual_to_date"], "\(response.body)")
        }
    }
}
