import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// Goals spread by `last_year`: the seasonality of the actuals posted for the unit's subtree in the 12 months before
/// the plan's start, split by the largest remainder method.
@Suite("last_year goals from posted actuals")
struct LastYearGoalTests {
    @Test("goal months follow last year's seasonal shape over the subtree and sum exactly to the annual figure")
    func seasonalShape() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            // 2026 revenue of North's subtree: 3 in January (two reps), 1 in each month to November, 7 in December.
            var rows = [
                Actual(fixture.veteran, "revenue", "2026-01-02", 2),
                Actual(fixture.newcomer, "revenue", "2026-01-30", 1),
                Actual(fixture.veteran, "revenue", "2026-12-01", 4),
                Actual(fixture.newcomer, "revenue", "2026-12-31", 3),
                // Another region, and days outside the 12 months before the plan: not counted.
                Actual(fixture.outsider, "revenue", "2026-02-10", 100),
                Actual(fixture.veteran, "revenue", "2025-12-31", 1_000),
                Actual(fixture.veteran, "revenue", "2027-01-01", 1_000),
                // Visits have a season of their own.
                Actual(fixture.veteran, "visits", "2026-05-11", 1_000),
            ]
            rows += (2...11).map {
                Actual(fixture.veteran, "revenue", String(format: "2026-%02d-%02d", $0, $0 + 10), 1)
            }
            try await fixture.recordActuals(rows)

            // 1003 × 3/20 = 150.45, 1003/20 = 50.15, 1003 × 7/20 = 351.05: the floors leave 2 units over, one for
            // January (.45), one for February (.15, the earliest of the ten tied months).
            let response = try await fixture.putGoal(
                fixture.region,
                values: [
                    "revenue": ["annual": 1_003, "distribution": "last_year"],
                    "visits": ["annual": 24, "distribution": "last_year"],
                ])
            #expect(response.status == .created, "\(response.body)")
            let goal = try response.decode(API.Goal.self)
            let revenue = goal.values["revenue"]?.months ?? []
            #expect(revenue == [151, 51] + Array(repeating: 50, count: 9) + [351])
            #expect(revenue.reduce(0, +) == 1_003)
            #expect(goal.values["revenue"]?.annual == 1_003)
            #expect(goal.values["visits"]?.months == [0, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0])

            // The team's subtree holds the same two reps: the same shape, scaled.
            let team = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 20_000, "distribution": "last_year"]])
            #expect(team.status == .created, "\(team.body)")
            #expect(
                try team.decode(API.Goal.self).values["revenue"]?.months
                    == [3_000] + Array(repeating: 1_000, count: 10) + [7_000])

            // What GET returns is what was stored.
            let goals = try await api.request(.get, "\(fixture.path)/goals", token: fixture.viewer.token)
            let stored = try goals.expect(.ok, as: API.List<API.Goal>.self).items.first { $0.unitID == fixture.region }
            #expect(stored?.values["revenue"]?.months == revenue)
        }
    }

    @Test("a plan starting mid-year takes each month's weight from the same calendar month of the year before")
    func midYearStart() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let path = try await fixture.draftPlan(startMonth: "2026-07")
            // July 2025 sells 1, August 2, ..., June 2026 sells 12.
            let months = (0..<12).map { offset -> String in
                let month = (6 + offset) % 12 + 1
                return String(format: "%04d-%02d-15", month >= 7 ? 2025 : 2026, month)
            }
            try await fixture.recordActuals(
                months.enumerated().map { Actual(fixture.veteran, "revenue", $1, $0 + 1) }
                    + [
                        Actual(fixture.veteran, "revenue", "2025-06-30", 500),
                        Actual(fixture.veteran, "revenue", "2026-07-01", 500),
                    ])

            var response = try await api.request(
                .put, "\(path)/goals/\(fixture.region)", token: fixture.leader.token,
                json: ["values": ["revenue": ["annual": 780, "distribution": "last_year"]]],
                headers: [.ifNoneMatch: "*"])
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.Goal.self).values["revenue"]?.months == (1...12).map { Int64($0) * 10 })

            // 1000 × k / 78: the floors sum to 994; the six largest fractions get one unit each.
            response = try await api.request(
                .put, "\(path)/goals/\(fixture.team)", token: fixture.leader.token,
                json: ["values": ["revenue": ["annual": 1_000, "distribution": "last_year"]]],
                headers: [.ifNoneMatch: "*"])
            #expect(response.status == .created, "\(response.body)")
            let split = try response.decode(API.Goal.self).values["revenue"]?.months ?? []
            #expect(split == largestRemainder(1_000, weights: Array(1...12)).map(Int64.init))
            #expect(split.reduce(0, +) == 1_000)
        }
    }

    /// The contract's largest remainder method, written out independently: floors first, then one unit each to the
    /// largest fractional parts, ties to the earlier month.
    private func largestRemainder(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        var parts = weights.map { total * $0 / sum }
        let order = weights.indices.sorted {
            let (a, b) = ((total * weights[$0]) % sum, (total * weights[$1]) % sum)
            return a != b ? a > b : $0 < $1
        }
        for index in order.prefix(total - parts.reduce(0, +)) { parts[index] += 1 }
        return parts
    }
}
