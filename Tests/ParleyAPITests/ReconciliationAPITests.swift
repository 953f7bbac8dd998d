import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `GET /v1/plans/{id}/reconciliation`: top-down meets bottom-up, per child unit and per rep directly in the unit.
@Suite("reconciliation API")
struct ReconciliationAPITests {
    /// Sets up a three-level tree (root → North → North Key Accounts) with a negotiation under way:
    ///
    /// - goals: North 24,000,000 (capacity 30,000,000), the team 18,000,000 (capacity 15,000,000);
    /// - last year (2026): veteran 12,000,000 revenue and 300 visits, region rep 6,000,000 revenue;
    /// - veteran: estimate 10,000,000 (480 visits), then manager 13,200,000 and a counter of 14,400,000 (720 visits);
    /// - newcomer: estimates 3,000,000 then 4,000,000, which the manager accepts;
    /// - region rep: only a manager proposal of 5,000,000.
    private func negotiation(_ api: TestAPI) async throws -> PlanFixture {
        let fixture = try await PlanFixture.make(api, stage: .inDiscussion, withRegionRep: true)
        let regionRep = try #require(fixture.regionRep)
        var response = try await fixture.putGoal(
            fixture.region, values: ["revenue": ["annual": PlanFixture.goalRevenue, "distribution": "even"]],
            capacity: ["revenue": 30_000_000], version: 1)
        #expect(response.status == .ok, "\(response.body)")
        response = try await fixture.putGoal(
            fixture.team, values: ["revenue": ["annual": 18_000_000]], capacity: ["revenue": 15_000_000])
        #expect(response.status == .created, "\(response.body)")

        try await fixture.recordActuals([
            Actual(fixture.veteran, "revenue", "2026-03-10", 7_000_000),
            Actual(fixture.veteran, "revenue", "2026-11-20", 5_000_000),
            Actual(fixture.veteran, "visits", "2026-05-05", 300),
            // Outside the 12 months before the plan's start.
            Actual(fixture.veteran, "revenue", "2025-12-31", 99),
            Actual(fixture.veteran, "revenue", "2027-01-04", 77),
            // The first and the last day of the window count.
            Actual(regionRep, "revenue", "2026-01-01", 5_000_000),
            Actual(regionRep, "revenue", "2026-12-31", 1_000_000),
            // Not in the plan.
            Actual(fixture.outsider, "revenue", "2026-06-01", 50_000_000),
        ])

        func even(_ revenue: Int, visits: Int? = nil) -> [String: Any] {
            var values: [String: Any] = ["revenue": ["annual": revenue, "distribution": "even"]]
            if let visits { values["visits"] = ["annual": visits, "distribution": "even"] }
            return values
        }
        try expectCreated(
            try await fixture.propose(on: fixture.veteran, by: fixture.veteran, values: even(10_000_000, visits: 480)))
        try expectCreated(
            try await fixture.propose(on: fixture.veteran, by: fixture.manager, values: even(13_200_000, visits: 600)))
        try expectCreated(
            try await fixture.propose(on: fixture.veteran, by: fixture.manager, values: even(14_400_000, visits: 720)))

        let ramp = [0, 0]
        try expectCreated(
            try await fixture.propose(
                on: fixture.newcomer, by: fixture.newcomer,
                values: ["revenue": ["months": ramp + Array(repeating: 300_000, count: 10)]]))
        let latest = try await fixture.propose(
            on: fixture.newcomer, by: fixture.newcomer,
            values: ["revenue": ["months": ramp + Array(repeating: 400_000, count: 10)]])
        try expectCreated(latest)
        let accepted = try await fixture.accept(
            try latest.decode(API.Proposal.self).id, on: fixture.newcomer, by: fixture.manager)
        #expect(accepted.status == .ok, "\(accepted.body)")

        try expectCreated(try await fixture.propose(on: regionRep, by: fixture.manager, values: even(5_000_000)))
        return fixture
    }

    private func expectCreated(_ response: APIResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard response.status == .created else {
            throw TestFailure("expected 201 at \(sourceLocation): \(response.status) \(response.body)")
        }
    }

    private func flags(_ row: API.ReconciliationRow?) -> Set<String> {
        Set(row?.flags ?? [])
    }

    @Test(
        "the scope's rows: its child unit rolled up over its reps, and the rep directly in it; totals against the goal")
    func scopeRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let regionRep = try #require(fixture.regionRep)
            // The manager of North reads it; without unit_id the plan's scope is reconciled.
            let response = try await fixture.reconciliation(as: fixture.manager)
            let json = try response.expect(.ok, as: API.Reconciliation.self)
            #expect(json.unitID == fixture.region)
            #expect(json.metric == "revenue")
            let rows = json.rows
            #expect(rows.count == 2, "one row for the team, one for the rep directly in North: \(response.body)")
            #expect(Set(rows.map(\.id)) == [fixture.team, regionRep.id])

            let team = try #require(rows.first { $0.id == fixture.team })
            #expect(team.kind == "unit")
            #expect(team.name == "North Key Accounts")
            #expect(team.topDown == 18_000_000, "a unit's top-down is its goal")
            #expect(team.bottomUp == 14_000_000, "the latest estimates: 10,000,000 + 4,000,000")
            #expect(team.agreed == 4_000_000)
            #expect(team.lastYear == 12_000_000)
            #expect(team.gap == 4_000_000)
            #expect(team.stretchBps == 12_857, "18,000,000 × 10000 / 14,000,000")
            #expect(team.growthBps == 5_000)
            #expect(flags(team).contains("above_capacity"), "goal 18,000,000 over capacity 15,000,000")
            #expect(!flags(team).contains("stretch_above_limit"))
            #expect(!flags(team).contains("no_estimate"), "both reps of the team have estimated")

            let rep = try #require(rows.first { $0.id == regionRep.id })
            #expect(rep.kind == "rep")
            #expect(rep.name == "Chen Region")
            #expect(rep.topDown == 5_000_000)
            #expect(rep.bottomUp == nil)
            #expect(rep.agreed == nil)
            #expect(rep.lastYear == 6_000_000, "the first and last day of the year before count")
            #expect(rep.gap == nil)
            #expect(rep.stretchBps == nil)
            #expect(rep.growthBps == -1_667)
            #expect(flags(rep) == ["no_estimate", "below_last_year"])

            let totals = json.totals
            #expect(totals.goal == 24_000_000)
            #expect(totals.sumAgreed == 4_000_000)
            #expect(totals.sumBottomUp == 14_000_000)
            #expect(totals.unallocated == 20_000_000)
            #expect(totals.withinTolerance == false)
            #expect(totals.capacity == 30_000_000)
        }
    }

    @Test("a rep's top-down is the latest manager proposal, bottom-up the latest rep proposal, null when none")
    func repRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let response = try await fixture.reconciliation(unit: fixture.team, as: fixture.manager)
            let json = try response.expect(.ok, as: API.Reconciliation.self)
            let rows = json.rows
            #expect(rows.count == 2, "\(response.body)")
            #expect(rows.allSatisfy { $0.kind == "rep" })

            let veteran = try #require(rows.first { $0.id == fixture.veteran.id })
            #expect(veteran.name == "Li Veteran")
            #expect(veteran.topDown == 14_400_000, "the manager's counter, not the superseded top-down")
            #expect(veteran.bottomUp == 10_000_000)
            #expect(veteran.agreed == nil)
            #expect(veteran.lastYear == 12_000_000, "only the 12 months before the plan's start")
            #expect(veteran.gap == 4_400_000)
            #expect(veteran.stretchBps == 14_400)
            #expect(veteran.growthBps == 2_000)
            #expect(flags(veteran) == ["stretch_above_limit"], "14400 bps is above the plan's 13000")

            let newcomer = try #require(rows.first { $0.id == fixture.newcomer.id })
            #expect(newcomer.topDown == nil, "no manager proposal: \(response.body)")
            #expect(newcomer.bottomUp == 4_000_000, "the latest estimate")
            #expect(newcomer.agreed == 4_000_000)
            #expect(newcomer.lastYear == 0)
            #expect(newcomer.gap == nil)
            #expect(newcomer.stretchBps == nil)
            #expect(newcomer.growthBps == nil)
            #expect(flags(newcomer).isEmpty)

            let totals = json.totals
            #expect(totals.goal == 18_000_000)
            #expect(totals.sumAgreed == 4_000_000)
            #expect(totals.sumBottomUp == 14_000_000)
            #expect(totals.unallocated == 14_000_000)
            #expect(totals.withinTolerance == false)
            #expect(totals.capacity == 15_000_000)
        }
    }

    @Test("at the root a region's row sums its whole subtree; a unit without a goal has null top-down and totals")
    func rootRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let response = try await fixture.reconciliation(unit: fixture.org.rootUnitID)
            let json = try response.expect(.ok, as: API.Reconciliation.self)
            #expect(Set(json.rows.map(\.id)) == [fixture.region, fixture.otherRegion])

            let north = try #require(json.rows.first { $0.id == fixture.region })
            #expect(north.kind == "unit")
            #expect(north.topDown == 24_000_000)
            #expect(north.bottomUp == 14_000_000)
            #expect(north.agreed == 4_000_000)
            #expect(north.lastYear == 18_000_000, "the team's and the region rep's")
            #expect(north.gap == 10_000_000)
            #expect(north.stretchBps == 17_143)
            #expect(north.growthBps == 3_333)
            #expect(flags(north).contains("stretch_above_limit"))
            #expect(flags(north).contains("no_estimate"), "the region rep has not estimated")
            #expect(!flags(north).contains("above_capacity"), "24,000,000 is within 30,000,000")

            let south = try #require(json.rows.first { $0.id == fixture.otherRegion })
            #expect(south.topDown == nil)
            #expect(south.bottomUp == nil)
            #expect(south.agreed == nil)

            let totals = json.totals
            #expect(totals.goal == nil, "the root has no goal")
            #expect(totals.unallocated == nil)
            #expect(totals.withinTolerance == nil)
            #expect(totals.capacity == nil)
            #expect(totals.sumAgreed == 4_000_000)
            #expect(totals.sumBottomUp == 14_000_000)
        }
    }

    @Test("metric=visits reconciles the visits of the same proposals and actuals")
    func visits() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            var response = try await fixture.reconciliation(unit: fixture.team, metric: "visits", as: fixture.manager)
            let visits = try response.expect(.ok, as: API.Reconciliation.self)
            #expect(visits.metric == "visits")
            let veteran = try #require(visits.rows.first { $0.id == fixture.veteran.id })
            #expect(veteran.topDown == 720)
            #expect(veteran.bottomUp == 480)
            #expect(veteran.lastYear == 300)
            #expect(veteran.stretchBps == 15_000)
            #expect(veteran.growthBps == 14_000)
            #expect(visits.totals.goal == nil, "the team's goal has no visits")

            response = try await fixture.reconciliation(metric: "visits")
            let team = try #require(
                try response.expect(.ok, as: API.Reconciliation.self).rows.first { $0.id == fixture.team })
            #expect(team.topDown == nil)
            #expect(team.lastYear == 300)
        }
    }

    @Test("when every rep has agreed to exactly the goal, nothing is unallocated and the sum is within tolerance")
    func agreedTotals() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await fixture.reconciliation()
            let totals = try response.expect(.ok, as: API.Reconciliation.self).totals
            #expect(totals.goal == PlanFixture.goalRevenue)
            #expect(totals.sumAgreed == PlanFixture.goalRevenue)
            #expect(totals.sumBottomUp == PlanFixture.goalRevenue)
            #expect(totals.unallocated == 0)
            #expect(totals.withinTolerance == true)
            #expect(totals.capacity == nil)
        }
    }

    @Test("an unknown metric or a malformed unit is 422; reps and other regions' managers 403; other orgs 404")
    func access() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var response = try await fixture.reconciliation(metric: "deals")
            expectProblem(response, .unprocessableContent, "validation_failed", field: "metric")
            response = try await api.request(
                .get, "\(fixture.path)/reconciliation?unit_id=north", token: fixture.leader.token)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "unit_id")

            response = try await fixture.reconciliation(as: fixture.veteran)
            expectProblem(response, .forbidden, "forbidden")
            response = try await fixture.reconciliation(unit: fixture.team, as: fixture.veteran)
            expectProblem(response, .forbidden, "forbidden")
            response = try await fixture.reconciliation(as: fixture.otherManager)
            expectProblem(response, .forbidden, "forbidden")
            response = try await fixture.reconciliation(unit: fixture.org.rootUnitID, as: fixture.manager)
            expectProblem(response, .forbidden, "forbidden")

            for reader in [fixture.viewer, fixture.admin, fixture.leader2] {
                response = try await fixture.reconciliation(as: reader)
                #expect(response.status == .ok, "\(response.body)")
            }
            response = try await fixture.reconciliation(unit: fixture.team, as: fixture.manager)
            #expect(response.status == .ok, "a manager reads the units below theirs: \(response.body)")

            let stranger = try await TestOrg.make(api)
            response = try await api.request(.get, "\(fixture.path)/reconciliation", token: stranger.adminToken)
            expectProblem(response, .notFound, "not_found")
            response = try await api.request(.get, "\(fixture.path)/reconciliation", token: nil)
            expectProblem(response, .unauthorized, "unauthenticated")
        }
    }
}
