import Testing

@testable import ParleyDomain

@Suite struct RampTests {
    func rampMonths(_ hired: String, _ start: String, planMonths: Int = 12, ramp: Int = 3) throws -> Int {
        Ramp.months(
            hiredOn: try #require(LocalDate(hired)), start: try #require(YearMonth(start)), planMonths: planMonths,
            rampMonths: ramp)
    }

    @Test func edgeCases() throws {
        // Hired exactly ramp months before the start: veteran.
        #expect(try rampMonths("2026-10-01", "2027-01") == 0)
        // One day later: the first plan month is still (partly) ramp.
        #expect(try rampMonths("2026-10-02", "2027-01") == 1)
        #expect(try rampMonths("2026-12-31", "2027-01") == 3)
        #expect(try rampMonths("2027-01-01", "2027-01") == 3)
        // Hired long ago.
        #expect(try rampMonths("2019-05-20", "2027-01") == 0)
        // Hired after the start: the months before the hire count as ramp too.
        #expect(try rampMonths("2027-03-01", "2027-01") == 5)
        #expect(try rampMonths("2027-03-15", "2027-01") == 6)
        // Capped by the plan's length.
        #expect(try rampMonths("2027-11-15", "2027-01") == 12)
        #expect(try rampMonths("2027-01-01", "2027-01", ramp: 0) == 0)
        #expect(try rampMonths("2027-01-15", "2027-01", ramp: 0) == 1)
        #expect(Ramp.maturity(rampMonthsInPlan: 0) == .veteran)
        #expect(Ramp.maturity(rampMonthsInPlan: 2) == .ramping)
    }

    @Test func validateValues() {
        let metrics =
            MetricDefinition.defaults + [
                MetricDefinition(key: "onboarding_calls", unit: .count, aggregation: .sum, applies: .rampOnly)
            ]
        let ok = Ramp.validate(
            values: ["revenue": [0, 0, 5, 5], "visits": [1, 1, 1, 1], "onboarding_calls": [3, 3, 0, 0]],
            metrics: metrics, rampMonthsInPlan: 2)
        #expect(ok.isEmpty)
        let bad = Ramp.validate(
            values: ["revenue": [1, 0, 5, 5], "onboarding_calls": [3, 3, 1, 0], "deals": [0, 0, 0, 0]],
            metrics: metrics, rampMonthsInPlan: 2)
        #expect(bad.map(\.field) == ["values.deals", "values.onboarding_calls.months[2]", "values.revenue.months[0]"])
    }
}
