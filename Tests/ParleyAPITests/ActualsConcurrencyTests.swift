import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Postgres
import Testing

/// Real concurrent uploads of actuals for the same rep, metric and month: the monthly rollup (which
/// reconciliation's last year reads) always equals the sum of the daily rows.
@Suite("actuals: concurrent uploads")
struct ActualsConcurrencyTests {
    static let racers = 16

    /// The stored monthly rollup and the sum of the daily rows of one user, metric and month.
    static func rollup(_ fixture: PlanFixture, user: Member, metric: String, month: String) async throws
        -> (monthly: Int64?, daily: Int64)
    {
        let org = fixture.org.orgID
        let first = month + "-01"
        return try await fixture.api.store.pool.transaction(org: org) { tx in
            let monthly = try tx.query(
                """
                SELECT value FROM actuals_monthly
                WHERE org_id = \(org) AND user_id = \(user.id) AND metric = \(metric) AND month = \(first)::date
                """
            ).first.map { try $0.decode(0, as: Int64.self) }
            let daily =
                try tx.query(
                    """
                    SELECT coalesce(sum(value), 0)::bigint FROM actuals
                    WHERE org_id = \(org) AND user_id = \(user.id) AND metric = \(metric)
                      AND day >= \(first)::date AND day < \(first)::date + interval '1 month'
                    """
                ).first.map { try $0.decode(0, as: Int64.self) } ?? 0
            return (monthly, daily)
        }
    }

    /// Runs `body` for 0..<racers at once; every upload must be stored.
    static func race(_ body: @escaping @Sendable (Int) async throws -> APIResponse) async throws {
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<racers {
                group.addTask { try await body(index).status.code }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
    }

    @Test("16 uploads of different days of one rep, metric and month: the rollup is the sum of all 16 days")
    func differentDays() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            let rep = fixture.veteran
            // Several months, so a lost day is not left to chance.
            for month in ["2026-01", "2026-02", "2026-03", "2026-05", "2026-07", "2026-09"] {
                try await Self.race { index in
                    let day = "\(month)-" + String(format: "%02d", index + 1)
                    return try await fixture.postActuals([Actual(rep, "revenue", day, 1_000 * (index + 1))])
                }
                let (monthly, daily) = try await Self.rollup(fixture, user: rep, metric: "revenue", month: month)
                #expect(daily == 136_000, "\(month)")
                #expect(monthly == daily, "\(month): rollup \(String(describing: monthly)), days \(daily)")
            }
        }
    }

    @Test("16 concurrent replacements of existing days, each of a different day, then all of the same day")
    func replacements() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            let rep = fixture.veteran
            for month in ["2026-10", "2026-11", "2026-12", "2026-04"] {
                let days = (1...Self.racers).map { "\(month)-" + String(format: "%02d", $0) }
                try await fixture.recordActuals(days.map { Actual(rep, "revenue", $0, 5) })
                try await Self.race { index in
                    try await fixture.postActuals([Actual(rep, "revenue", days[index], 1_000 * (index + 1))])
                }
                let (monthly, daily) = try await Self.rollup(fixture, user: rep, metric: "revenue", month: month)
                #expect(daily == 136_000, "\(month)")
                #expect(monthly == daily, "\(month): rollup \(String(describing: monthly)), days \(daily)")
            }
            let days = (1...Self.racers).map { "2026-04-" + String(format: "%02d", $0) }

            // Replacing one day in every upload, each with a new day beside it.
            try await Self.race { index in
                try await fixture.postActuals([
                    Actual(rep, "revenue", days[0], 7 * (index + 1)),
                    Actual(rep, "revenue", "2026-04-" + String(format: "%02d", index + 17 - index / 3), 3),
                ])
            }
            let (after, sum) = try await Self.rollup(fixture, user: rep, metric: "revenue", month: "2026-04")
            #expect(after == sum, "rollup \(String(describing: after)), days \(sum)")
        }
    }

    @Test("concurrent uploads over overlapping months in different orders neither deadlock nor lose days")
    func overlappingMonths() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            let reps = [fixture.veteran, fixture.newcomer]
            try await Self.race { index in
                // Each upload touches both reps and two months, listed in an order of its own.
                var rows = [
                    Actual(reps[0], "revenue", String(format: "2026-06-%02d", index + 1), index + 1),
                    Actual(reps[1], "revenue", String(format: "2026-08-%02d", index + 1), index + 1),
                    Actual(reps[0], "visits", String(format: "2026-08-%02d", index + 1), 1),
                ]
                if index.isMultiple(of: 2) { rows.reverse() }
                return try await fixture.postActuals(rows)
            }
            for (rep, metric, month) in [
                (reps[0], "revenue", "2026-06"), (reps[1], "revenue", "2026-08"), (reps[0], "visits", "2026-08"),
            ] {
                let (monthly, daily) = try await Self.rollup(fixture, user: rep, metric: metric, month: month)
                #expect(daily > 0)
                #expect(monthly == daily, "\(metric) \(month)")
            }
        }
    }
}
