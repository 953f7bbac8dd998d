import Testing

@testable import ParleyDomain

@Suite struct ProgressTests {
    let start = YearMonth(year: 2027, month: 1)!
    var revenue: [Int64] { [2_100] + Array(repeating: 2_000, count: 11) }

    func date(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

    @Test func workingDayCountMatchesBruteForce() {
        for first in stride(from: -400, through: 400, by: 37) {
            for length in 0..<40 {
                let brute = (first..<(first + length)).filter { LocalDate(daysSinceEpoch: $0).isWorkingDay }.count
                #expect(ProgressClock.workingDays(from: first, through: first + length - 1) == brute)
            }
        }
    }

    @Test func midMonth() throws {
        // 2027-02-10 is a Wednesday: January in full, plus February's 1st–5th and 8th–10th (8 of 20 days).
        let clock = ProgressClock(start: start, planMonths: 12, asOf: try date("2027-02-10"))
        #expect(clock.totalWorkingDays == 261)
        #expect(clock.elapsedWorkingDays == 29)
        let daily: [LocalDate: Int64] = [
            try date("2026-12-31"): 999,  // before the plan: ignored
            try date("2027-01-15"): 1_000,
            try date("2027-02-10"): 450,
            try date("2027-02-11"): 999,  // after as_of: ignored
        ]
        let actual = try #require(Progress.actualToDate(daily, clock: clock))
        #expect(actual == 1_450)
        let progress = try Progress.metric(monthlyTargets: revenue, actualToDate: actual, clock: clock)
        #expect(progress.annualTarget == 24_100)
        #expect(progress.targetToDate == 2_900)
        #expect(progress.attainmentBps == 602)
        #expect(progress.paceBps == 5_000)
        #expect(progress.forecast == 13_050)
    }

    @Test func targetToDateMatchesWeeklyRowsAtWeekEnds() throws {
        let clock = ProgressClock(start: start, planMonths: 12, asOf: try date("2027-03-31"))
        let rows = Breakdown.weekly(values: ["revenue": revenue], start: start)
        // Through Wednesday 31 March, i.e. every March row including March's piece of W13.
        let expected = rows.filter { $0.month.month <= 3 }.reduce(0) { $0 + $1.values["revenue"]! }
        #expect(Progress.targetToDate(monthlyTargets: revenue, clock: clock) == expected)
        let friday = ProgressClock(start: start, planMonths: 12, asOf: try date("2027-01-08"))
        #expect(Progress.targetToDate(monthlyTargets: revenue, clock: friday) == 600)
        let sunday = ProgressClock(start: start, planMonths: 12, asOf: try date("2027-01-10"))
        #expect(Progress.targetToDate(monthlyTargets: revenue, clock: sunday) == 600)
    }

    @Test func beforeStartAndAfterEnd() throws {
        let before = ProgressClock(start: start, planMonths: 12, asOf: try date("2026-12-15"))
        let early = try Progress.rep(
            targets: ["revenue": revenue], dailyActuals: ["revenue": [try date("2026-12-01"): 5]], clock: before)
        #expect(
            early.metrics["revenue"]
                == MetricProgress(
                    annualTarget: 24_100, targetToDate: 0, actualToDate: 0, attainmentBps: 0, paceBps: nil, forecast: 0)
        )
        #expect(early.laggingStage == nil)

        let after = ProgressClock(start: start, planMonths: 12, asOf: try date("2028-03-01"))
        let late = try Progress.metric(monthlyTargets: revenue, actualToDate: 24_100, clock: after)
        #expect(late.targetToDate == 24_100 && late.paceBps == 10_000 && late.forecast == 24_100)
        #expect(late.attainmentBps == 10_000)
    }

    @Test func laggingStageIsLowestPace() throws {
        let clock = ProgressClock(start: start, planMonths: 12, asOf: try date("2027-02-10"))
        let leads: [Int64] = Array(repeating: 21, count: 12)
        let progress = try Progress.rep(
            targets: ["revenue": revenue, "qualified_leads": leads, "custom": leads],
            dailyActuals: [
                "revenue": [try date("2027-01-05"): 1_450],
                "qualified_leads": [try date("2027-01-05"): 30],
            ],
            clock: clock)
        #expect(progress.metrics["qualified_leads"]?.paceBps != nil)
        #expect(progress.metrics["custom"]?.actualToDate == 0)
        #expect(progress.laggingStage == "revenue")
        let tie = Progress.laggingStage([
            "revenue": MetricProgress(
                annualTarget: 1, targetToDate: 1, actualToDate: 0, attainmentBps: 0, paceBps: 0, forecast: 0),
            "visits": MetricProgress(
                annualTarget: 1, targetToDate: 1, actualToDate: 0, attainmentBps: 0, paceBps: 0, forecast: 0),
        ])
        #expect(tie == "visits")
    }
}
