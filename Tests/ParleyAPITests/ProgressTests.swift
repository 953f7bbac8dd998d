import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `GET /v1/plans/{id}/progress?unit_id=&as_of=`: per rep and metric, targets to date against actuals.
@Suite("progress API")
struct ProgressAPITests {
    /// The agreed plan (veteran 1,000,000 revenue and 40 visits a month; newcomer 1,200,000 after two ramp months
    /// and 40 visits) with the veteran's actuals around 10 February 2027, and a region rep without targets.
    private func tracked(_ api: TestAPI) async throws -> PlanFixture {
        let fixture = try await PlanFixture.make(api, stage: .agreed, withRegionRep: true)
        try await fixture.recordActuals([
            Actual(fixture.veteran, "revenue", "2026-12-31", 5_000),  // before the plan
            Actual(fixture.veteran, "revenue", "2027-01-15", 700_000),
            Actual(fixture.veteran, "revenue", "2027-02-09", 200_000),
            Actual(fixture.veteran, "revenue", "2027-02-10", 80_000),  // as_of itself counts
            Actual(fixture.veteran, "revenue", "2027-02-11", 999),  // after as_of
            Actual(fixture.veteran, "visits", "2027-01-20", 20),
            Actual(fixture.veteran, "visits", "2027-02-03", 4),
            Actual(fixture.veteran, "visits", "2027-02-10", 4),
        ])
        return fixture
    }

    private func item(_ response: APIResponse, _ rep: Member) throws -> API.RepProgress? {
        try response.decode(API.Progress.self).items.first { $0.repID == rep.id }
    }

    @Test(
        "mid-month: target to date by working days, actual to date, attainment, pace, run-rate forecast, lagging stage")
    func midMonth() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            let response = try await fixture.progress(asOf: "2027-02-10", as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Progress.self).asOf == "2027-02-10")
            let veteran = try #require(try item(response, fixture.veteran))
            #expect(veteran.name == "Li Veteran")
            #expect(veteran.unitID == fixture.team)

            // January in full, and 8 of February's 20 working days (1 to 5 and 8 to 10 February).
            let revenue = try #require(veteran.metrics["revenue"])
            #expect(revenue.target == 12_000_000)
            #expect(revenue.targetToDate == 1_400_000)
            #expect(revenue.actualToDate == 980_000)
            #expect(revenue.attainmentBps == 817, "980,000 of 12,000,000")
            #expect(revenue.paceBps == 7_000, "980,000 of 1,400,000")
            // 29 of 2027's 261 working days have passed: the run rate is 9 times the actual.
            #expect(revenue.forecast == 8_820_000)

            let visits = try #require(veteran.metrics["visits"])
            #expect(visits.target == 480)
            #expect(visits.targetToDate == 56)
            #expect(visits.actualToDate == 28)
            #expect(visits.attainmentBps == 583)
            #expect(visits.paceBps == 5_000)
            #expect(visits.forecast == 252)
            #expect(veteran.laggingStage == "visits", "visits pace 50 %, revenue 70 %")

            // Ramping: no revenue expected yet, so no pace; visits are expected and none were made.
            let newcomer = try #require(try item(response, fixture.newcomer))
            #expect(newcomer.metrics["revenue"]?.target == 12_000_000)
            #expect(newcomer.metrics["revenue"]?.targetToDate == 0)
            #expect(newcomer.metrics["revenue"].map { $0.paceBps == nil } == true)
            #expect(newcomer.metrics["visits"]?.targetToDate == 56)
            #expect(newcomer.metrics["visits"]?.actualToDate == 0)
            #expect(newcomer.metrics["visits"]?.paceBps == 0)
            #expect(newcomer.laggingStage == "visits")
        }
    }

    @Test("a replaced actual changes the figures, and the lagging stage moves to the stage with the lowest pace")
    func replacedActual() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            try await fixture.recordActuals([Actual(fixture.veteran, "visits", "2027-02-03", 32)])
            let response = try await fixture.progress(asOf: "2027-02-10")
            let veteran = try #require(try item(response, fixture.veteran))
            #expect(veteran.metrics["visits"]?.actualToDate == 56, "4 replaced by 32, not added")
            #expect(veteran.metrics["visits"]?.paceBps == 10_000)
            #expect(veteran.laggingStage == "revenue")
        }
    }

    @Test("at the end of a week the target to date is the sum of the weekly breakdown so far")
    func matchesWeeklyBreakdown() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            let weeks = try await fixture.breakdown(fixture.newcomer, grain: "week")
                .expect(.ok, as: API.List<API.BreakdownRow>.self).items
            func sum(through week: String) -> Int64 {
                weeks.filter { ($0.month ?? "") <= "2027-03" && ($0.week ?? "") <= week }
                    .reduce(0) { $0 + ($1.values["revenue"] ?? 0) }
            }
            // The first month after the ramp: 1,200,000 over March's 23 working days.
            let friday = try await fixture.progress(asOf: "2027-03-12")
            let throughW10 = sum(through: "2027-W10")
            #expect(throughW10 > 0)
            #expect(try item(friday, fixture.newcomer)?.metrics["revenue"]?.targetToDate == throughW10)
            // A Saturday expects no more than the Friday before it.
            let saturday = try await fixture.progress(asOf: "2027-03-13")
            #expect(try item(saturday, fixture.newcomer)?.metrics["revenue"]?.targetToDate == throughW10)
            // Wednesday: W09 and three fifths of W10.
            let wednesday = try await fixture.progress(asOf: "2027-03-10")
            let w09 = sum(through: "2027-W09")
            let expected = Double(w09) + Double(throughW10 - w09) * 3 / 5
            let value = try item(wednesday, fixture.newcomer)?.metrics["revenue"]?.targetToDate ?? 0
            #expect(abs(Double(value) - expected) < 1, "\(value) vs \(expected)")
            // The last day of the plan expects the whole target.
            let last = try await fixture.progress(asOf: "2027-12-31")
            #expect(try item(last, fixture.newcomer)?.metrics["revenue"]?.targetToDate == 12_000_000)
        }
    }

    @Test("before the plan starts nothing is expected and nothing counts")
    func beforeStart() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            let response = try await fixture.progress(asOf: "2026-12-31")
            #expect(response.status == .ok, "\(response.body)")
            let veteran = try #require(try item(response, fixture.veteran))
            for metric in ["revenue", "visits"] {
                let progress = try #require(veteran.metrics[metric])
                #expect(progress.targetToDate == 0, "\(metric)")
                #expect(progress.actualToDate == 0, "\(metric): the day before the plan does not count")
                #expect(progress.attainmentBps == 0, "\(metric)")
                #expect(progress.paceBps == nil, "\(metric)")
                #expect(progress.forecast == 0, "\(metric)")
            }
            #expect(veteran.laggingStage == nil)
        }
    }

    @Test("unit_id narrows the reps to a subtree; without it the plan's scope")
    func unitFilter() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            let regionRep = try #require(fixture.regionRep)
            func reps(_ response: APIResponse) -> Set<UUID> {
                Set((try? response.decode(API.Progress.self))?.items.map(\.repID) ?? [])
            }
            var response = try await fixture.progress(asOf: "2027-02-10")
            #expect(reps(response) == [fixture.veteran.id, fixture.newcomer.id, regionRep.id])
            response = try await fixture.progress(asOf: "2027-02-10", unit: fixture.region, as: fixture.manager)
            #expect(reps(response) == [fixture.veteran.id, fixture.newcomer.id, regionRep.id])
            response = try await fixture.progress(asOf: "2027-02-10", unit: fixture.team)
            #expect(response.status == .ok, "\(response.body)")
            #expect(reps(response) == [fixture.veteran.id, fixture.newcomer.id])
            response = try await fixture.progress(asOf: "2027-02-10", unit: fixture.otherRegion)
            #expect(response.status == .ok, "\(response.body)")
            #expect(reps(response).isEmpty)

            // The region rep has agreed nothing: targets of 0, no pace.
            let chen = try #require(try item(try await fixture.progress(asOf: "2027-02-10"), regionRep))
            #expect(chen.metrics["revenue"]?.target == 0)
            #expect(chen.metrics["revenue"].map { $0.attainmentBps == nil } == true)
            #expect(chen.laggingStage == nil)

            response = try await api.request(
                .get, "\(fixture.path)/progress?as_of=2027-02-10&unit_id=north", token: fixture.leader.token)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "unit_id")
            response = try await api.request(
                .get, "\(fixture.path)/progress?as_of=2027-02-31", token: fixture.leader.token)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "as_of")
        }
    }

    @Test("a rep sees only their own row; another region's manager none of this region's; another org 404")
    func visibility() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await tracked(api)
            for rep in [fixture.veteran, fixture.newcomer] {
                let response = try await fixture.progress(asOf: "2027-02-10", as: rep)
                #expect(response.status == .ok, "\(response.body)")
                #expect(try response.decode(API.Progress.self).items.map(\.repID) == [rep.id])
                let scoped = try await fixture.progress(asOf: "2027-02-10", unit: fixture.team, as: rep)
                #expect((try? scoped.decode(API.Progress.self))?.items.map(\.repID) ?? [] == [rep.id])
            }
            // Without a page (any refusal), nobody's row is shown either.
            let outsider = try await fixture.progress(asOf: "2027-02-10", as: fixture.outsider)
            #expect((try? outsider.decode(API.Progress.self))?.items.isEmpty ?? true, "\(outsider.body)")
            let other = try await fixture.progress(asOf: "2027-02-10", as: fixture.otherManager)
            #expect((try? other.decode(API.Progress.self))?.items.isEmpty ?? true, "\(other.body)")
            let viewer = try await fixture.progress(asOf: "2027-02-10", as: fixture.viewer)
            #expect(try viewer.decode(API.Progress.self).items.count == 3, "\(viewer.body)")

            let stranger = try await TestOrg.make(api)
            let response = try await api.request(
                .get, "\(fixture.path)/progress?as_of=2027-02-10", token: stranger.adminToken)
            expectProblem(response, .notFound, "not_found")
        }
    }
}
