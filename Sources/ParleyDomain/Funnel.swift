/// Last year's funnel: what was sold, from how many deals and qualified leads.
public struct FunnelBaseline: Sendable, Hashable, Codable {
    /// Revenue in minor currency units.
    public var revenue: Int64
    /// Deals won.
    public var deals: Int64
    /// Qualified leads worked.
    public var qualifiedLeads: Int64
    /// Cost of one qualified lead in minor currency units, if known.
    public var leadCost: Int64?

    /// A baseline.
    public init(revenue: Int64, deals: Int64, qualifiedLeads: Int64, leadCost: Int64? = nil) {
        self.revenue = revenue
        self.deals = deals
        self.qualifiedLeads = qualifiedLeads
        self.leadCost = leadCost
    }
}

/// One lever that alone could carry the target.
public enum FunnelLever: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bigger deals, same number of deals.
    case dealSize = "deal_size"
    /// Better conversion of the same leads.
    case winRate = "win_rate"
    /// More leads at the same conversion and deal size.
    case leads
}

/// A warning that a lever's requirement is implausible; thresholds are in `Funnel`.
public enum FunnelFlag: String, Sendable, Hashable, Codable, CaseIterable {
    /// Deal size would have to grow more than `Funnel.dealSizeGrowthLimitBps`.
    case dealSizeGrowthUnrealistic = "deal_size_growth_unrealistic"
    /// Win rate would have to grow more than `Funnel.winRateGrowthLimitBps`.
    case winRateGrowthUnrealistic = "win_rate_growth_unrealistic"
    /// Win rate would have to exceed 100 %.
    case winRateImpossible = "win_rate_impossible"
    /// Leads would have to grow more than `Funnel.leadsGrowthLimitBps`.
    case leadsGrowthUnrealistic = "leads_growth_unrealistic"
}

/// What one lever needs to reach the target alone.
public struct LeverRequirement: Sendable, Hashable, Codable {
    public var lever: FunnelLever
    /// Its baseline value (avg deal size, win rate bps, or leads).
    public var baseline: Int64
    /// The value it needs, rounded up.
    public var needed: Int64
    /// Growth from baseline in bps, rounded half away from zero; nil when the baseline rounds to 0.
    public var growthBps: Int64?
}

/// The funnel solved for a target revenue (`POST /v1/funnel/solve`).
public struct FunnelSolution: Sendable, Hashable, Codable {
    /// Baseline revenue per deal, rounded half up.
    public var avgDealSize: Int64
    /// Baseline deals per qualified lead in bps, rounded half up.
    public var winRateBps: Int64
    /// Deals needed at the baseline deal size, rounded up.
    public var neededDeals: Int64
    /// Requirement of the deal-size lever.
    public var dealSize: LeverRequirement
    /// Requirement of the win-rate lever.
    public var winRate: LeverRequirement
    public var leads: LeverRequirement
    /// Needed leads × lead cost (the whole budget, not the increase); nil without a lead cost.
    public var marketingBudget: Int64?
    /// Implausible requirements.
    public var flags: [FunnelFlag]

    /// The three levers in contract order.
    public var levers: [LeverRequirement] { [dealSize, winRate, leads] }
}

/// Assumptions behind a proposal: how many leads, converting how well, at what deal size.
public struct FunnelAssumptions: Sendable, Hashable, Codable {
    /// Qualified leads for the plan period.
    public var qualifiedLeads: Int64
    /// Win rate in bps (0...10000).
    public var winRateBps: Int64
    /// Average deal size in minor currency units.
    public var avgDealSize: Int64

    /// Assumptions.
    public init(qualifiedLeads: Int64, winRateBps: Int64, avgDealSize: Int64) {
        self.qualifiedLeads = qualifiedLeads
        self.winRateBps = winRateBps
        self.avgDealSize = avgDealSize
    }
}

/// Funnel math: revenue = qualified leads × win rate × average deal size (contract: Planning math).
public enum Funnel {
    /// Deal size growth above this (20 %) is flagged: prices and mix rarely move that much in a year.
    public static let dealSizeGrowthLimitBps: Int64 = 2_000
    /// Win rate growth above this (30 %) is flagged.
    public static let winRateGrowthLimitBps: Int64 = 3_000
    /// A win rate above this (100 %) is impossible.
    public static let winRateMaximumBps: Int64 = 10_000
    /// Lead growth above this (100 %, i.e. doubling) is flagged.
    public static let leadsGrowthLimitBps: Int64 = 10_000

    /// What each lever alone needs to turn the baseline into `targetRevenue`.
    ///
    /// Requirements are rounded up and each derives from the exact baseline ratios, not from other rounded
    /// figures, so rounding never compounds. Field paths in errors follow the request body.
    public static func solve(baseline: FunnelBaseline, targetRevenue: Int64) throws(ValidationError) -> FunnelSolution {
        var errors: [FieldError] = []
        func positive(_ value: Int64, _ field: String) {
            if value <= 0 {
                errors.append(FieldError(field: field, message: "must be positive"))
            } else if value > MetricValues.maxValue {
                errors.append(FieldError(field: field, message: "must not exceed \(MetricValues.maxValue)"))
            }
        }
        positive(baseline.revenue, "baseline.revenue")
        positive(baseline.deals, "baseline.deals")
        positive(baseline.qualifiedLeads, "baseline.qualified_leads")
        positive(targetRevenue, "target_revenue")
        if let cost = baseline.leadCost, cost < 0 || cost > MetricValues.maxValue {
            errors.append(
                FieldError(field: "baseline.lead_cost", message: "must be between 0 and \(MetricValues.maxValue)"))
        }
        guard errors.isEmpty else { throw ValidationError(errors) }

        let tooLarge = ValidationError([
            FieldError(field: "target_revenue", message: "the requirements for this target exceed the value range")
        ])
        guard
            let avgDealSize = WideArithmetic.mulDiv(baseline.revenue, 1, baseline.deals, rounding: .halfAwayFromZero),
            let winRateBps = WideArithmetic.mulDiv(
                baseline.deals, 10_000, baseline.qualifiedLeads, rounding: .halfAwayFromZero),
            let neededDeals = WideArithmetic.mulDiv(
                baseline.deals, targetRevenue, baseline.revenue, rounding: .awayFromZero),
            let neededDealSize = WideArithmetic.mulDiv(targetRevenue, 1, baseline.deals, rounding: .awayFromZero),
            let neededWinRate = WideArithmetic.mulDiv(
                neededDeals, 10_000, baseline.qualifiedLeads, rounding: .awayFromZero),
            let neededLeads = WideArithmetic.mulDiv(
                baseline.qualifiedLeads, targetRevenue, baseline.revenue, rounding: .awayFromZero)
        else { throw tooLarge }
        // Results must stay exact in JSON, like every other metric value.
        guard max(winRateBps, neededDeals, neededDealSize, neededWinRate, neededLeads) <= MetricValues.maxValue else {
            throw tooLarge
        }

        var budget: Int64?
        if let cost = baseline.leadCost {
            let (product, overflow) = neededLeads.multipliedReportingOverflow(by: cost)
            guard !overflow, product <= MetricValues.maxValue else { throw tooLarge }
            budget = product
        }
        let dealSize = LeverRequirement(
            lever: .dealSize, baseline: avgDealSize, needed: neededDealSize,
            growthBps: growthBps(from: avgDealSize, to: neededDealSize))
        let winRate = LeverRequirement(
            lever: .winRate, baseline: winRateBps, needed: neededWinRate,
            growthBps: growthBps(from: winRateBps, to: neededWinRate))
        let leads = LeverRequirement(
            lever: .leads, baseline: baseline.qualifiedLeads, needed: neededLeads,
            growthBps: growthBps(from: baseline.qualifiedLeads, to: neededLeads))

        var flags: [FunnelFlag] = []
        if growth(from: avgDealSize, to: neededDealSize, exceeds: dealSizeGrowthLimitBps) {
            flags.append(.dealSizeGrowthUnrealistic)
        }
        if growth(from: winRateBps, to: neededWinRate, exceeds: winRateGrowthLimitBps) {
            flags.append(.winRateGrowthUnrealistic)
        }
        if neededWinRate > winRateMaximumBps { flags.append(.winRateImpossible) }
        if growth(from: baseline.qualifiedLeads, to: neededLeads, exceeds: leadsGrowthLimitBps) {
            flags.append(.leadsGrowthUnrealistic)
        }

        return FunnelSolution(
            avgDealSize: avgDealSize, winRateBps: winRateBps, neededDeals: neededDeals, dealSize: dealSize,
            winRate: winRate, leads: leads, marketingBudget: budget, flags: flags)
    }

    /// `(to - from) * 10000 / from`, rounded half away from zero; nil when `from` is 0 or the growth leaves
    /// ±(2^53 - 1), where it could not be reported exactly.
    public static func growthBps(from base: Int64, to value: Int64) -> Int64? {
        let (difference, overflow) = value.subtractingReportingOverflow(base)
        guard !overflow else { return nil }
        return WideArithmetic.exactMulDiv(difference, 10_000, base, rounding: .halfAwayFromZero)
    }

    /// Whether growth from a non-zero base exceeds the limit, also when it is too large to report (null).
    private static func growth(from base: Int64, to value: Int64, exceeds limit: Int64) -> Bool {
        guard base != 0 else { return false }
        let (difference, overflow) = value.subtractingReportingOverflow(base)
        guard !overflow else { return difference < 0 }
        guard let growth = WideArithmetic.mulDiv(difference, 10_000, base, rounding: .halfAwayFromZero) else {
            return (difference > 0) == (base > 0)
        }
        return growth > limit
    }

    /// Revenue the assumptions yield: leads × win rate × deal size / 10000, rounded half up.
    ///
    /// Nil when an assumption is negative, the win rate exceeds 100 %, or the result exceeds the value range.
    public static func implied(assumptions: FunnelAssumptions) -> Int64? {
        let leads = assumptions.qualifiedLeads
        let rate = assumptions.winRateBps
        let size = assumptions.avgDealSize
        guard leads >= 0, size >= 0, (0...winRateMaximumBps).contains(rate) else { return nil }
        // leads × rate < 2^77, so dividing it by 10000 first leaves a 64-bit quotient and a small remainder:
        // leads × rate × size / 10000 = q × size + r × size / 10000, both terms exact.
        let (quotient, remainder) = UInt64(10_000).dividingFullWidth(
            leads.magnitude.multipliedFullWidth(by: rate.magnitude))
        guard quotient <= UInt64(Int64.max) else { return nil }
        let whole = Int64(quotient).multipliedReportingOverflow(by: size)
        guard !whole.overflow,
            let fraction = WideArithmetic.mulDiv(Int64(remainder), size, 10_000, rounding: .halfAwayFromZero)
        else { return nil }
        let (total, overflow) = whole.partialValue.addingReportingOverflow(fraction)
        guard !overflow, total <= MetricValues.maxValue else { return nil }
        return total
    }

    /// Whether a proposal's annual revenue is within `toleranceBps` of what its assumptions imply.
    public static func isConsistent(annualRevenue: Int64, implied: Int64, toleranceBps: Int64) -> Bool {
        WideArithmetic.isWithin(annualRevenue, of: implied, toleranceBps: toleranceBps)
    }
}
