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
            try #require(latest.json?["id"]?.uuid), on: fixture.newcomer, by: fixture.manager)
        #expect(accepted.status == .ok, "\(accepted.body)")

        try expectCreated(try await fixture.propose(on: regionRep, by: fixture.manager, values: even(5_000_000)))
        return fixture
    }

    private func expectCreated(_ response: APIResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard response.status == .created else {
            throw TestFailure("expected 201 at \(sourceLocation): \(response.status) \(response.body)")
        }
    }

    private func flags(_ row: JSONObject?) -> Set<String> {
        Set(row?["flags"]?.array.compactMap(\.string) ?? [])
    }

    @Test(
        "the scope's rows: its child unit rolled up over its reps, and the rep directly in it; totals against the goal")
    func scopeRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let regionRep = try #require(fixture.regionRep)
            // The manager of North reads it; without unit_id the plan's scope is reconciled.
            let response = try await fixture.reconciliation(as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            let json = try #require(response.json)
            #expect(json["unit_id"]?.uuid == fixture.region)
            #expect(json["metric"]?.string == "revenue")
            let rows = json["rows"]?.array ?? []
            #expect(rows.count == 2, "one row for the team, one for the rep directly in North: \(response.body)")
            #expect(Set(rows.compactMap { $0["id"]?.uuid }) == [fixture.team, regionRep.id])

            let team = try #require(json["rows"]?.item("id", fixture.team.uuidString))
            #expect(team["kind"]?.string == "unit")
            #expect(team["name"]?.string == "North Key Accounts")
            #expect(team["top_down"]?.int == 18_000_000, "a unit's top-down is its goal")
            #expect(team["bottom_up"]?.int == 14_000_000, "the latest estimates: 10,000,000 + 4,000,000")
            #expect(team["agreed"]?.int == 4_000_000)
            #expect(team["last_year"]?.int == 12_000_000)
            #expect(team["gap"]?.int == 4_000_000)
            #expect(team["stretch_bps"]?.int == 12_857, "18,000,000 × 10000 / 14,000,000")
            #expect(team["growth_bps"]?.int == 5_000)
            #expect(flags(team).contains("above_capacity"), "goal 18,000,000 over capacity 15,000,000")
            #expect(!flags(team).contains("stretch_above_limit"))
            #expect(!flags(team).contains("no_estimate"), "both reps of the team have estimated")

            let rep = try #require(json["rows"]?.item("id", regionRep.id.uuidString))
            #expect(rep["kind"]?.string == "rep")
            #expect(rep["name"]?.string == "Chen Region")
            #expect(rep["top_down"]?.int == 5_000_000)
            #expect(rep.isNull("bottom_up"))
            #expect(rep.isNull("agreed"))
            #expect(rep["last_year"]?.int == 6_000_000, "the first and last day of the year before count")
            #expect(rep.isNull("gap"))
            #expect(rep.isNull("stretch_bps"))
            #expect(rep["growth_bps"]?.int == -1_667)
            #expect(flags(rep) == ["no_estimate", "below_last_year"])

            let totals = try #require(json["totals"])
            #expect(totals["goal"]?.int == 24_000_000)
            #expect(totals["sum_agreed"]?.int == 4_000_000)
            #expect(totals["sum_bottom_up"]?.int == 14_000_000)
            #expect(totals["unallocated"]?.int == 20_000_000)
            #expect(totals["within_tolerance"]?.bool == false)
            #expect(totals["capacity"]?.int == 30_000_000)
        }
    }

    @Test("a rep's top-down is the latest manager proposal, bottom-up the latest rep proposal, null when none")
    func repRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let response = try await fixture.reconciliation(unit: fixture.team, as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            let json = try #require(response.json)
            let rows = json["rows"]?.array ?? []
            #expect(rows.count == 2, "\(response.body)")
            #expect(rows.allSatisfy { $0["kind"]?.string == "rep" })

            let veteran = try #require(json["rows"]?.item("id", fixture.veteran.id.uuidString))
            #expect(veteran["name"]?.string == "Li Veteran")
            #expect(veteran["top_down"]?.int == 14_400_000, "the manager's counter, not the superseded top-down")
            #expect(veteran["bottom_up"]?.int == 10_000_000)
            #expect(veteran.isNull("agreed"))
            #expect(veteran["last_year"]?.int == 12_000_000, "only the 12 months before the plan's start")
            #expect(veteran["gap"]?.int == 4_400_000)
            #expect(veteran["stretch_bps"]?.int == 14_400)
            #expect(veteran["growth_bps"]?.int == 2_000)
            #expect(flags(veteran) == ["stretch_above_limit"], "14400 bps is above the plan's 13000")

            let newcomer = try #require(json["rows"]?.item("id", fixture.newcomer.id.uuidString))
            #expect(newcomer.isNull("top_down"), "no manager proposal: \(newcomer.value)")
            #expect(newcomer["bottom_up"]?.int == 4_000_000, "the latest estimate")
            #expect(newcomer["agreed"]?.int == 4_000_000)
            #expect(newcomer["last_year"]?.int == 0)
            #expect(newcomer.isNull("gap"))
            #expect(newcomer.isNull("stretch_bps"))
            #expect(newcomer.isNull("growth_bps"))
            #expect(flags(newcomer).isEmpty)

            let totals = try #require(json["totals"])
            #expect(totals["goal"]?.int == 18_000_000)
            #expect(totals["sum_agreed"]?.int == 4_000_000)
            #expect(totals["sum_bottom_up"]?.int == 14_000_000)
            #expect(totals["unallocated"]?.int == 14_000_000)
            #expect(totals["within_tolerance"]?.bool == false)
            #expect(totals["capacity"]?.int == 15_000_000)
        }
    }

    @Test("at the root a region's row sums its whole subtree; a unit without a goal has null top-down and totals")
    func rootRows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            let response = try await fixture.reconciliation(unit: fixture.org.rootUnitID)
            #expect(response.status == .ok, "\(response.body)")
            let json = try #require(response.json)
            #expect(
                Set((json["rows"]?.array ?? []).compactMap { $0["id"]?.uuid }) == [fixture.region, fixture.otherRegion])

            let north = try #require(json["rows"]?.item("id", fixture.region.uuidString))
            #expect(north["kind"]?.string == "unit")
            #expect(north["top_down"]?.int == 24_000_000)
            #expect(north["bottom_up"]?.int == 14_000_000)
            #expect(north["agreed"]?.int == 4_000_000)
            #expect(north["last_year"]?.int == 18_000_000, "the team's and the region rep's")
            #expect(north["gap"]?.int == 10_000_000)
            #expect(north["stretch_bps"]?.int == 17_143)
            #expect(north["growth_bps"]?.int == 3_333)
            #expect(flags(north).contains("stretch_above_limit"))
            #expect(flags(north).contains("no_estimate"), "the region rep has not estimated")
            #expect(!flags(north).contains("above_capacity"), "24,000,000 is within 30,000,000")

            let south = try #require(json["rows"]?.item("id", fixture.otherRegion.uuidString))
            #expect(south.isNull("top_down"))
            #expect(south.isNull("bottom_up"))
            #expect(south.isNull("agreed"))

            let totals = try #require(json["totals"])
            #expect(totals.isNull("goal"), "the root has no goal")
            #expect(totals.isNull("unallocated"))
            #expect(totals.isNull("within_tolerance"))
            #expect(totals.isNull("capacity"))
            #expect(totals["sum_agreed"]?.int == 4_000_000)
            #expect(totals["sum_bottom_up"]?.int == 14_000_000)
        }
    }

    @Test("metric=visits reconciles the visits of the same proposals and actuals")
    func visits() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await negotiation(api)
            var response = try await fixture.reconciliation(unit: fixture.team, metric: "visits", as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            #expect(response.json?["metric"]?.string == "visits")
            let veteran = try #require(response.json?["rows"]?.item("id", fixture.veteran.id.uuidString))
            #expect(veteran["top_down"]?.int == 720)
            #expect(veteran["bottom_up"]?.int == 480)
            #expect(veteran["last_year"]?.int == 300)
            #expect(veteran["stretch_bps"]?.int == 15_000)
            #expect(veteran["growth_bps"]?.int == 14_000)
            #expect(response.json?["totals"]?.isNull("goal") == true, "the team's goal has no visits")

            response = try await fixture.reconciliation(metric: "visits")
            #expect(response.status == .ok, "\(response.body)")
            let team = try #require(response.json?["rows"]?.item("id", fixture.team.uuidString))
            #expect(team.isNull("top_down"))
            #expect(team["last_year"]?.int == 300)
        }
    }

    @Test("when every rep has agreed to exactly the goal, nothing is unallocated and the sum is within tolerance")
    func agreedTotals() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await fixture.reconciliation()
            #expect(response.status == .ok, "\(response.body)")
            let totals = try #require(response.json?["totals"])
            #expect(totals["goal"]?.int == PlanFixture.goalRevenue)
            #expect(totals["sum_agreed"]?.int == PlanFixture.goalRevenue)
            #expect(totals["sum_bottom_up"]?.int == PlanFixture.goalRevenue)
            #expect(totals["unallocated"]?.int == 0)
            #expect(totals["within_tolerance"]?.bool == true)
            #expect(totals.isNull("capacity"))
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
