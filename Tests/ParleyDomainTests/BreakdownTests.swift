import Testing

@testable import ParleyDomain

@Suite struct BreakdownTests {
    @Test func januaryByWorkingDays() throws {
        // 2027-01-01 is a Friday in 2026-W53; the weekend of 30/31 January adds nothing to W04.
        let pieces = Breakdown.weeks(of: try #require(YearMonth("2027-01")), value: 2_100)
        #expect(pieces.map(\.week.description) == ["2026-W53", "2027-W01", "2027-W02", "2027-W03", "2027-W04"])
        #expect(pieces.map(\.workingDays) == [1, 5, 5, 5, 5])
        #expect(pieces.map(\.value) == [100, 500, 500, 500, 500])
    }

    @Test func weekSpanningTwoMonthsGivesOneRowEach() throws {
        let values: [String: [Int64]] = ["visits": [310, 200]]
        let rows = Breakdown.weekly(values: values, start: try #require(YearMonth("2027-03")))
        let w13 = rows.filter { $0.week.description == "2027-W13" }
        #expect(w13.map(\.month.description) == ["2027-03", "2027-04"])
        // March has 23 working days, 3 in W13 (40.43, and the largest remainder wins a unit); April 2 of 22.
        #expect(w13.map { $0.values["visits"]! } == [41, 18])
        for month in ["2027-03", "2027-04"] {
            let sum = rows.filter { $0.month.description == month }.reduce(0) { $0 + $1.values["visits"]! }
            #expect(sum == (month == "2027-03" ? 310 : 200))
        }
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func weeklyPiecesSumToTheirMonth(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let month = try #require(
                YearMonth(
                    year: Int.random(in: 1990...2100, using: &random), month: Int.random(in: 1...12, using: &random)))
            let value = Int64.random(in: 0...MetricValues.maxValue, using: &random)
            let pieces = Breakdown.weeks(of: month, value: value)
            #expect(pieces.reduce(0) { $0 + $1.value } == value)
            #expect(pieces.reduce(0) { $0 + $1.workingDays } == month.days.filter(\.isWorkingDay).count)
            let days = Breakdown.workingDays(of: month, value: value)
            #expect(days.reduce(0) { $0 + $1.value } == value)
            #expect(days.allSatisfy { $0.date.isWorkingDay && $0.date.yearMonth == month })
        }
    }

    @Test func monthsAndQuarters() throws {
        let start = try #require(YearMonth("2027-02"))
        let values: [String: [Int64]] = ["revenue": [1, 2, 3, 4, 5], "win_rate": [10, 20, 31, 40, 50]]
        let months = Breakdown.monthly(values: values, start: start)
        #expect(months.map(\.period.description) == ["2027-02", "2027-03", "2027-04", "2027-05", "2027-06"])
        #expect(months[2].values == ["revenue": 3, "win_rate": 31])
        let quarters = try Breakdown.quarterly(values: values, start: start, aggregations: ["win_rate": .average])
        #expect(quarters.map(\.period.description) == ["2027-Q1", "2027-Q2"])
        #expect(quarters[0].values == ["revenue": 3, "win_rate": 15])
        #expect(quarters[1].values == ["revenue": 12, "win_rate": 40])
        let last = try Breakdown.quarterly(values: values, start: start, aggregations: ["win_rate": .last])
        #expect(last[1].values["win_rate"] == 50)
        let weeks = Breakdown.weekly(values: values, start: start, aggregations: ["win_rate": .average])
        #expect(weeks.filter { $0.month == start }.allSatisfy { $0.values["win_rate"] == 10 })
    }
}
