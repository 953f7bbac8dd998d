import Testing

@testable import ParleyDomain

@Suite struct FunnelTests {
    @Test func classicExample() throws {
        let baseline = FunnelBaseline(revenue: 10_000_000, deals: 200, qualifiedLeads: 2_000, leadCost: 500)
        let solution = try Funnel.solve(baseline: baseline, targetRevenue: 20_000_000)
        #expect(solution.avgDealSize == 50_000)
        #expect(solution.winRateBps == 1_000)
        #expect(solution.neededDeals == 400)
        #expect(solution.leads == LeverRequirement(lever: .leads, baseline: 2_000, needed: 4_000, growthBps: 10_000))
        #expect(solution.marketingBudget == 2_000_000)
        #expect(
            solution.dealSize
                == LeverRequirement(lever: .dealSize, baseline: 50_000, needed: 100_000, growthBps: 10_000))
        #expect(
            solution.winRate == LeverRequirement(lever: .winRate, baseline: 1_000, needed: 2_000, growthBps: 10_000))
        // Doubling leads is at the limit, not above it.
        #expect(solution.flags == [.dealSizeGrowthUnrealistic, .winRateGrowthUnrealistic])
    }

    @Test func roundsRequirementsUpFromExactRatios() throws {
        let solution = try Funnel.solve(
            baseline: FunnelBaseline(revenue: 1_000, deals: 3, qualifiedLeads: 7), targetRevenue: 1_001)
        #expect(solution.avgDealSize == 333)
        #expect(solution.winRateBps == 4_286)
        #expect(solution.neededDeals == 4)
        #expect(solution.dealSize.needed == 334)
        #expect(solution.winRate.needed == 5_715)
        #expect(solution.leads.needed == 8)
        #expect(solution.marketingBudget == nil)
        #expect(solution.leads.growthBps == 1_429)
    }

    @Test func flagsImpossibleWinRateAndNegativeGrowth() throws {
        let impossible = try Funnel.solve(
            baseline: FunnelBaseline(revenue: 1_000, deals: 50, qualifiedLeads: 100), targetRevenue: 3_000)
        #expect(impossible.winRate.needed == 15_000)
        #expect(impossible.flags.contains(.winRateImpossible))
        #expect(impossible.flags.contains(.leadsGrowthUnrealistic))
        let shrink = try Funnel.solve(
            baseline: FunnelBaseline(revenue: 1_000, deals: 10, qualifiedLeads: 100), targetRevenue: 500)
        #expect(shrink.leads.growthBps == -5_000)
        #expect(shrink.flags.isEmpty)
    }

    @Test func rejectsBadBaselines() {
        do {
            _ = try Funnel.solve(
                baseline: FunnelBaseline(revenue: 0, deals: -1, qualifiedLeads: 5, leadCost: -2), targetRevenue: 0)
            Issue.record("expected a validation error")
        } catch {
            #expect(
                error.errors.map(\.field) == [
                    "baseline.revenue", "baseline.deals", "target_revenue", "baseline.lead_cost",
                ])
        }
        #expect(throws: ValidationError.self) {
            try Funnel.solve(
                baseline: FunnelBaseline(revenue: 1, deals: 1, qualifiedLeads: 1, leadCost: MetricValues.maxValue),
                targetRevenue: 2)
        }
        #expect(throws: ValidationError.self) {
            try Funnel.solve(
                baseline: FunnelBaseline(revenue: 1, deals: MetricValues.maxValue, qualifiedLeads: 1), targetRevenue: 1)
        }
    }

    @Test func impliedRevenue() {
        let assumptions = FunnelAssumptions(qualifiedLeads: 400, winRateBps: 2_000, avgDealSize: 2_500_000)
        #expect(Funnel.implied(assumptions: assumptions) == 200_000_000)
        // 3 × 3333 × 7 / 10000 = 6.9993 → 7; 1 × 5000 × 1 / 10000 = 0.5 → 1 (half up).
        #expect(Funnel.implied(assumptions: .init(qualifiedLeads: 3, winRateBps: 3_333, avgDealSize: 7)) == 7)
        #expect(Funnel.implied(assumptions: .init(qualifiedLeads: 1, winRateBps: 5_000, avgDealSize: 1)) == 1)
        // Exact even when leads × rate × size is far beyond 64 bits.
        let big = FunnelAssumptions(qualifiedLeads: 900_719_925_474, winRateBps: 10_000, avgDealSize: 10_000)
        #expect(Funnel.implied(assumptions: big) == 9_007_199_254_740_000)
        #expect(Funnel.implied(assumptions: .init(qualifiedLeads: 1, winRateBps: 10_001, avgDealSize: 1)) == nil)
        #expect(
            Funnel.implied(assumptions: .init(qualifiedLeads: Int64.max, winRateBps: 10_000, avgDealSize: 2)) == nil)
        #expect(Funnel.isConsistent(annualRevenue: 201_000_000, implied: 200_000_000, toleranceBps: 100))
        #expect(!Funnel.isConsistent(annualRevenue: 202_000_001, implied: 200_000_000, toleranceBps: 100))
    }
}
