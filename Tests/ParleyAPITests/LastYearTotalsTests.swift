import Foundation
import ParleyTestSupport
import Testing

/// Last year's actuals are kept on each assignment (migration 0007) rather than summed per request: computed when
/// the plan is published, recomputed by every upload that touches a month of the plan's last year. Each test
/// checks the kept figure against the plain sum, whatever the order and overlap of uploads and publication.
///
/// The fixture's plan starts in 2027-01, so its last year is 2026-01-01 to 2026-12-31.
@Suite("last year's totals kept on the assignment")
struct LastYearTotalsTests {
    /// The veteran's last-year figure in the reconciliation of the team, where each rep has a row of their own.
    private func lastYear(_ fixture: PlanFixture, _ rep: Member, metric: String = "revenue") async throws -> Int64 {
        let response = try await fixture.reconciliation(unit: fixture.team, metric: metric)
        let report = try response.expect(.ok, as: API.Reconciliation.self)
        return try #require(report.rows.first { $0.id == rep.id }, "\(response.body)").lastYear
    }

    /// One upload per month of 2026 for the veteran, month m worth m × 100 (7,800 in all), sent at once.
    private static let monthly = (1...12).map { month in (String(format: "2026-%02d-15", month), month * 100) }

    private func uploadMonthsAtOnce(_ fixture: PlanFixture) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (day, value) in Self.monthly {
                group.addTask { try await fixture.recordActuals([Actual(fixture.veteran, "revenue", day, value)]) }
            }
            try await group.waitForAll()
        }
    }

    @Test("actuals recorded before the plan is published count from its publication on")
    func publicationComputesThem() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-01-01", 1_000),
                Actual(fixture.veteran, "revenue", "2026-12-31", 500),
                Actual(fixture.veteran, "revenue", "2025-12-31", 90),
                Actual(fixture.veteran, "revenue", "2027-01-01", 70),
                Actual(fixture.veteran, "visits", "2026-06-01", 7),
            ])
            let published = try await fixture.transition("publish", by: fixture.leader)
            #expect(published.status == .ok, "\(published.body)")
            #expect(try await lastYear(fixture, fixture.veteran) == 1_500, "the window's first and last day, no more")
            #expect(try await lastYear(fixture, fixture.veteran, metric: "visits") == 7)
            #expect(try await lastYear(fixture, fixture.newcomer) == 0, "no actuals: zero")
        }
    }

    @Test("an upload after publication moves it: a new day adds, a replaced day replaces, other metrics stay")
    func uploadsRecomputeThem() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-03-01", 1_000), Actual(fixture.veteran, "visits", "2026-03-01", 4),
            ])
            #expect(try await lastYear(fixture, fixture.veteran) == 1_000)
            try await fixture.recordActuals([Actual(fixture.veteran, "revenue", "2026-03-01", 400)])
            #expect(try await lastYear(fixture, fixture.veteran) == 400)
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-04-02", 250), Actual(fixture.newcomer, "revenue", "2027-02-01", 9),
            ])
            #expect(try await lastYear(fixture, fixture.veteran) == 650)
            #expect(try await lastYear(fixture, fixture.veteran, metric: "visits") == 4)
            #expect(try await lastYear(fixture, fixture.newcomer) == 0, "a day of the plan's own year is not last year")
        }
    }

    @Test("twelve uploads of different months for one rep, at once: the kept total is their sum")
    func concurrentUploads() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            try await uploadMonthsAtOnce(fixture)
            #expect(try await lastYear(fixture, fixture.veteran) == 7_800)
        }
    }

    @Test("uploads racing the publication: whichever commits first, the published assignment counts them all")
    func uploadsRacingPublication() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let version = try await fixture.planVersion()
            async let published = fixture.transition("publish", by: fixture.leader, version: version)
            try await uploadMonthsAtOnce(fixture)
            let response = try await published
            #expect(response.status == .ok, "\(response.body)")
            #expect(try await lastYear(fixture, fixture.veteran) == 7_800)
        }
    }
}
