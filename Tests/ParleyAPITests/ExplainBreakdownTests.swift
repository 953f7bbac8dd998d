import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `GET .../assignments/{rep_id}/explain`: the inputs behind a rep's numbers.
@Suite("explain API")
struct ExplainAPITests {
    private func explain(_ fixture: PlanFixture, _ rep: Member, as member: Member? = nil, plan: String? = nil)
        async throws -> APIResponse
    {
        try await fixture.api.request(
            .get, "\(plan ?? fixture.path)/assignments/\(rep.id)/explain", token: (member ?? fixture.leader).token)
    }

    @Test("a veteran's explanation: goal share, last year per month, and the funnel behind each side's latest proposal")
    func veteran() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            // 2026: month m sells m × 10,000; 30 visits in June; nothing of the plan's own months counts.
            try await fixture.recordActuals(
                (1...12).map { Actual(fixture.veteran, "revenue", String(format: "2026-%02d-15", $0), $0 * 10_000) }
                    + [
                        Actual(fixture.veteran, "visits", "2026-06-01", 30),
                        Actual(fixture.veteran, "revenue", "2027-01-15", 999),
                    ])
            let even: (Int) -> [String: Any] = { ["revenue": ["annual": $0, "distribution": "even"]] }
            let estimate = try await fixture.propose(
                on: fixture.veteran, by: fixture.veteran, values: even(12_000_000),
                assumptions: ["qualified_leads": 400, "win_rate_bps": 2_000, "avg_deal_size": 150_000])
            #expect(estimate.status == .created, "\(estimate.body)")
            let topDown = try await fixture.propose(
                on: fixture.veteran, by: fixture.manager, values: even(14_400_000),
                assumptions: ["qualified_leads": 500, "win_rate_bps": 2_500, "avg_deal_size": 120_000])
            #expect(topDown.status == .created, "\(topDown.body)")
            let counter = try await fixture.propose(
                on: fixture.veteran, by: fixture.veteran, values: even(13_000_000),
                assumptions: ["qualified_leads": 400, "win_rate_bps": 2_500, "avg_deal_size": 130_000])
            #expect(counter.status == .created, "\(counter.body)")

            var response = try await explain(fixture, fixture.veteran, as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            var json = try response.decode(API.Explanation.self)
            #expect(json.repID == fixture.veteran.id)
            #expect(json.maturity == "veteran")
            #expect(json.rampMonthsInPlan == 0)
            #expect(json.rampMonths.isEmpty)
            #expect(json.targetSource == "latest_proposal")
            #expect(json.targets["revenue"]?.annual == 13_000_000)

            // The goal is North's, shared by its two reps.
            let share = try #require(json.goalShare)
            #expect(share.unitID == fixture.region)
            #expect(share.goal["revenue"] == PlanFixture.goalRevenue)
            #expect(share.reps == 2)
            #expect(share.evenShare["revenue"] == 12_000_000)
            #expect((5_416...5_417).contains(share.targetShareBps["revenue"] ?? 0), "13 of 24 million")

            let lastYear = (1...12).map { Int64($0) * 10_000 }
            #expect(json.lastYear["revenue"]?.months == lastYear)
            #expect(json.lastYear["revenue"]?.annual == 780_000)
            #expect(json.lastYear["visits"]?.months == [0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0])
            #expect(json.seasonality.source == "last_year")
            #expect(json.seasonality.weights == lastYear)

            let counterID = try counter.decode(API.Proposal.self).id
            let rep = try #require(json.funnel.first { $0.side == "rep" })
            #expect(rep.proposalID == counterID, "the latest rep proposal")
            #expect(rep.assumptions.qualifiedLeads == 400)
            #expect(rep.assumptions.winRateBps == 2_500)
            #expect(rep.assumptions.avgDealSize == 130_000)
            #expect(rep.impliedRevenue == 13_000_000, "400 × 25 % × 130,000")
            #expect(rep.proposedRevenue == 13_000_000)
            #expect(rep.consistent)
            let manager = try #require(json.funnel.first { $0.side == "manager" })
            #expect(manager.proposalID == (try topDown.decode(API.Proposal.self).id))
            #expect(manager.impliedRevenue == 15_000_000, "500 × 25 % × 120,000")
            #expect(manager.proposedRevenue == 14_400_000)
            #expect(!manager.consistent, "4 % off is outside the 1 % tolerance")

            // Once agreed, the targets are the agreed values.
            let accepted = try await fixture.accept(counterID, on: fixture.veteran, by: fixture.manager)
            #expect(accepted.status == .ok, "\(accepted.body)")
            response = try await explain(fixture, fixture.veteran, as: fixture.veteran)
            json = try response.expect(.ok, as: API.Explanation.self)
            #expect(json.targetSource == "agreed")
            #expect(json.targets["revenue"]?.annual == 13_000_000)
            #expect(
                json.targets["revenue"]?.months
                    == Array(repeating: 1_083_334, count: 4) + Array(repeating: 1_083_333, count: 8))
        }
    }

    @Test("a ramping rep's explanation lists its ramp months; without history the seasonality is even")
    func rampingRep() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let response = try await explain(fixture, fixture.newcomer, as: fixture.newcomer)
            #expect(response.status == .ok, "\(response.body)")
            let json = try response.decode(API.Explanation.self)
            #expect(json.maturity == "ramping")
            #expect(json.rampMonthsInPlan == 2)
            #expect(json.rampMonths == ["2027-01", "2027-02"])
            #expect(json.targetSource == "none")
            #expect(json.funnel.isEmpty)
            #expect(json.seasonality.source == "even")
            #expect(json.seasonality.weights == Array(repeating: 1, count: 12))
            #expect(json.goalShare?.reps == 2)
        }
    }

    @Test("a plan starting mid-year weighs each plan month by the same calendar month of the year before")
    func midYearSeasonality() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let path = try await fixture.publishedPlan(startMonth: "2026-07")
            // July 2025 sells 1, ..., June 2026 sells 12.
            try await fixture.recordActuals(
                (0..<12).map { offset in
                    let month = (6 + offset) % 12 + 1
                    return Actual(
                        fixture.veteran, "revenue", String(format: "%04d-%02d-15", month >= 7 ? 2025 : 2026, month),
                        offset + 1)
                })
            let response = try await explain(fixture, fixture.veteran, plan: path)
            #expect(response.status == .ok, "\(response.body)")
            let explanation = try response.decode(API.Explanation.self)
            #expect(explanation.lastYear["revenue"]?.months == Array(1...12))
            #expect(explanation.seasonality.source == "last_year")
            #expect(explanation.seasonality.weights == Array(1...12))
        }
    }

    @Test("a rep never explains another rep's numbers (404), nor does another organization")
    func access() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var response = try await explain(fixture, fixture.veteran, as: fixture.newcomer)
            expectProblem(response, .notFound, "not_found")
            response = try await explain(fixture, fixture.newcomer, as: fixture.outsider)
            expectProblem(response, .notFound, "not_found")
            response = try await explain(fixture, fixture.outsider)
            expectProblem(response, .notFound, "not_found")
            for reader in [fixture.viewer, fixture.manager, fixture.admin] {
                response = try await explain(fixture, fixture.veteran, as: reader)
                #expect(response.status == .ok, "\(response.body)")
            }
            let stranger = try await TestOrg.make(api)
            response = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/explain", token: stranger.adminToken)
            expectProblem(response, .notFound, "not_found")
        }
    }
}

/// `GET .../breakdown?rep_id=&grain=`: a rep's targets per month, quarter, or piece of ISO week.
@Suite("breakdown API")
struct BreakdownAPITests {
    @Test("grain=month gives the 12 plan months as agreed")
    func months() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await fixture.breakdown(fixture.newcomer, grain: "month", as: fixture.newcomer)
            #expect(response.status == .ok, "\(response.body)")
            let page = try response.decode(API.List<API.BreakdownRow>.self)
            let rows = page.items
            #expect(rows.count == 12)
            #expect(rows.compactMap(\.month) == (1...12).map { String(format: "2027-%02d", $0) })
            #expect(rows.compactMap { $0.values["revenue"] } == PlanFixture.newcomerMonths)
            #expect(rows.compactMap { $0.values["visits"] } == Array(repeating: 40, count: 12))
            #expect(page.nextCursor == nil)
        }
    }

    @Test("grain=quarter gives 4 rows, each the sum of its months")
    func quarters() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await fixture.breakdown(fixture.newcomer, grain: "quarter")
            #expect(response.status == .ok, "\(response.body)")
            let rows = try response.decode(API.List<API.BreakdownRow>.self).items
            #expect(rows.compactMap(\.quarter) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"])
            #expect(rows.compactMap { $0.values["revenue"] } == [1_200_000, 3_600_000, 3_600_000, 3_600_000])
            #expect(rows.compactMap { $0.values["visits"] } == [120, 120, 120, 120])
        }
    }

    @Test("grain=week splits each month by its working days per ISO week; a week spanning two months is in both")
    func weeks() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await fixture.breakdown(fixture.veteran, grain: "week", as: fixture.veteran)
            #expect(response.status == .ok, "\(response.body)")
            let rows = try response.decode(API.List<API.BreakdownRow>.self).items

            // An independent oracle: Foundation's ISO 8601 calendar, Monday to Friday.
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            var expected: [(week: String, month: String, workingDays: Int, monthDays: Int)] = []
            for month in 1...12 {
                let first = calendar.date(from: DateComponents(year: 2027, month: month, day: 1))!
                let days = calendar.range(of: .day, in: .month, for: first)!.count
                var pieces: [(week: String, days: Int)] = []
                for day in 0..<days {
                    let date = calendar.date(byAdding: .day, value: day, to: first)!
                    guard calendar.component(.weekday, from: date) != 1, calendar.component(.weekday, from: date) != 7
                    else { continue }
                    let week = String(
                        format: "%04d-W%02d", calendar.component(.yearForWeekOfYear, from: date),
                        calendar.component(.weekOfYear, from: date))
                    if pieces.last?.week == week {
                        pieces[pieces.count - 1].days += 1
                    } else {
                        pieces.append((week, 1))
                    }
                }
                let total = pieces.reduce(0) { $0 + $1.days }
                expected += pieces.map { ($0.week, String(format: "2027-%02d", month), $0.days, total) }
            }
            #expect(
                rows.map { "\($0.month ?? "")/\($0.week ?? "")" }
                    == expected.map { "\($0.month)/\($0.week)" })
            // New Year's Day 2027 is a Friday in 2026-W53; 2027-W13 runs from Monday 29 March to Friday 2 April.
            #expect(rows.first?.week == "2026-W53")
            #expect(rows.filter { $0.week == "2027-W13" }.compactMap(\.month) == ["2027-03", "2027-04"])

            for (row, piece) in zip(rows, expected) {
                for (metric, monthly) in [("revenue", 1_000_000), ("visits", 40)] {
                    let value = row.values[metric] ?? -1
                    let exact = Double(monthly * piece.workingDays) / Double(piece.monthDays)
                    #expect(
                        abs(Double(value) - exact) < 1, "\(piece.month) \(piece.week) \(metric): \(value) vs \(exact)")
                }
            }
            for month in 1...12 {
                let name = String(format: "2027-%02d", month)
                let pieces = rows.filter { $0.month == name }
                #expect(pieces.reduce(0) { $0 + ($1.values["revenue"] ?? 0) } == 1_000_000, "\(name)")
                #expect(pieces.reduce(0) { $0 + ($1.values["visits"] ?? 0) } == 40, "\(name)")
            }
        }
    }

    @Test("rep_id is required, grain must be month, quarter or week, and a rep reads only their own breakdown")
    func access() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            var response = try await api.request(
                .get, "\(fixture.path)/breakdown?grain=month", token: fixture.leader.token)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "rep_id")
            response = try await api.request(
                .get, "\(fixture.path)/breakdown?rep_id=li&grain=month", token: fixture.leader.token)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "rep_id")
            response = try await fixture.breakdown(fixture.veteran, grain: "day")
            expectProblem(response, .unprocessableContent, "validation_failed", field: "grain")

            response = try await fixture.breakdown(fixture.veteran, grain: "month", as: fixture.newcomer)
            expectProblem(response, .notFound, "not_found")
            response = try await fixture.breakdown(fixture.veteran, grain: "week", as: fixture.outsider)
            expectProblem(response, .notFound, "not_found")
            response = try await fixture.breakdown(fixture.veteran, grain: "quarter", as: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")

            let stranger = try await TestOrg.make(api)
            response = try await api.request(
                .get, "\(fixture.path)/breakdown?rep_id=\(fixture.veteran.id)&grain=month", token: stranger.adminToken)
            expectProblem(response, .notFound, "not_found")
        }
    }
}
