import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// `POST /v1/funnel/solve`: last year's funnel and the revenue to reach.
struct FunnelRequest: Decodable {
    struct Baseline: Decodable {
        var revenue: Int64
        var deals: Int64
        var qualifiedLeads: Int64
        var leadCost: Int64?

        enum CodingKeys: String, CodingKey {
            case revenue, deals
            case qualifiedLeads = "qualified_leads"
            case leadCost = "lead_cost"
        }
    }
    var baseline: Baseline
    var targetRevenue: Int64

    enum CodingKeys: String, CodingKey {
        case baseline
        case targetRevenue = "target_revenue"
    }
}

/// `POST /v1/actuals` as JSON.
struct ActualsRequest: Decodable {
    struct Row: Decodable {
        var userID: UUID
        var metric: String
        var date: String
        var value: Int64

        enum CodingKeys: String, CodingKey {
            case metric, date, value
            case userID = "user_id"
        }
    }
    var rows: [Row]
}

/// The funnel solver's answer.
struct FunnelBody: ResponseEncodable, Sendable {
    struct Lever: Encodable, Sendable {
        var baseline: Int64
        var needed: Int64
        @ExplicitNull var growthBps: Int64?
        /// Only the leads lever has one; the others leave it out.
        var marketingBudget: Int64?

        enum CodingKeys: String, CodingKey {
            case baseline, needed
            case growthBps = "growth_bps"
            case marketingBudget = "marketing_budget"
        }
    }

    var avgDealSize: Int64
    var winRateBps: Int64
    var neededDeals: Int64
    var levers: [String: Lever]
    @ExplicitNull var marketingBudget: Int64?
    var flags: [String]

    enum CodingKeys: String, CodingKey {
        case levers, flags
        case avgDealSize = "avg_deal_size"
        case winRateBps = "win_rate_bps"
        case neededDeals = "needed_deals"
        case marketingBudget = "marketing_budget"
    }

    init(_ solution: FunnelSolution) {
        avgDealSize = solution.avgDealSize
        winRateBps = solution.winRateBps
        neededDeals = solution.neededDeals
        func lever(_ requirement: LeverRequirement, budget: Int64? = nil) -> Lever {
            Lever(
                baseline: requirement.baseline, needed: requirement.needed, growthBps: requirement.growthBps,
                marketingBudget: budget)
        }
        levers = [
            "deal_size": lever(solution.dealSize), "win_rate": lever(solution.winRate),
            "leads": lever(solution.leads, budget: solution.marketingBudget),
        ]
        marketingBudget = solution.marketingBudget
        flags = solution.flags.map(\.rawValue)
    }
}

/// A reconciliation report.
struct ReconciliationBody: ResponseEncodable, Sendable {
    struct Row: Encodable, Sendable {
        var id: UUID
        var kind: String
        var name: String
        @ExplicitNull var topDown: Int64?
        @ExplicitNull var bottomUp: Int64?
        @ExplicitNull var agreed: Int64?
        var lastYear: Int64
        @ExplicitNull var gap: Int64?
        @ExplicitNull var stretchBps: Int64?
        @ExplicitNull var growthBps: Int64?
        var flags: [String]

        enum CodingKeys: String, CodingKey {
            case id, kind, name, agreed, gap, flags
            case topDown = "top_down"
            case bottomUp = "bottom_up"
            case lastYear = "last_year"
            case stretchBps = "stretch_bps"
            case growthBps = "growth_bps"
        }

        init(_ row: ReconciliationRow) {
            id = row.id
            kind = row.kind.rawValue
            name = row.name
            topDown = row.topDown
            bottomUp = row.bottomUp
            agreed = row.agreed
            lastYear = row.lastYear
            gap = row.gap
            stretchBps = row.stretchBps
            growthBps = row.growthBps
            flags = row.flags.map(\.rawValue)
        }
    }

    struct Totals: Encodable, Sendable {
        @ExplicitNull var goal: Int64?
        var sumAgreed: Int64
        var sumBottomUp: Int64
        @ExplicitNull var unallocated: Int64?
        @ExplicitNull var withinTolerance: Bool?
        @ExplicitNull var capacity: Int64?

        enum CodingKeys: String, CodingKey {
            case goal, unallocated, capacity
            case sumAgreed = "sum_agreed"
            case sumBottomUp = "sum_bottom_up"
            case withinTolerance = "within_tolerance"
        }

        init(_ totals: ReconciliationTotals) {
            goal = totals.goal
            sumAgreed = totals.sumAgreed
            sumBottomUp = totals.sumBottomUp
            unallocated = totals.unallocated
            withinTolerance = totals.withinTolerance
            capacity = totals.capacity
        }
    }

    var unitID: UUID
    var metric: String
    var rows: [Row]
    var totals: Totals

    enum CodingKeys: String, CodingKey {
        case metric, rows, totals
        case unitID = "unit_id"
    }

    init(unitID: UUID, metric: String, report: ReconciliationReport) {
        self.unitID = unitID
        self.metric = metric
        rows = report.rows.map(Row.init)
        totals = Totals(report.totals)
    }
}

/// One period of a breakdown.
struct BreakdownRow: Encodable, Sendable {
    var month: String?
    var quarter: String?
    var week: String?
    var values: [String: Int64]

    init(month: String? = nil, week: String? = nil, quarter: String? = nil, values: [String: Int64]) {
        self.month = month
        self.quarter = quarter
        self.week = week
        self.values = values
    }
}

/// Progress of every visible rep.
struct ProgressBody: ResponseEncodable, Sendable {
    var asOf: String
    var items: [ProgressItem]
    @ExplicitNull var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case asOf = "as_of"
        case nextCursor = "next_cursor"
    }
}

struct ProgressItem: Encodable, Sendable {
    struct Metric: Encodable, Sendable {
        var target: Int64
        var targetToDate: Int64
        var actualToDate: Int64
        @ExplicitNull var attainmentBps: Int64?
        @ExplicitNull var paceBps: Int64?
        @ExplicitNull var forecast: Int64?

        enum CodingKeys: String, CodingKey {
            case target, forecast
            case targetToDate = "target_to_date"
            case actualToDate = "actual_to_date"
            case attainmentBps = "attainment_bps"
            case paceBps = "pace_bps"
        }

        init(_ progress: MetricProgress) {
            target = progress.annualTarget
            targetToDate = progress.targetToDate
            actualToDate = progress.actualToDate
            attainmentBps = progress.attainmentBps
            paceBps = progress.paceBps
            forecast = progress.forecast
        }
    }

    var repID: UUID
    var name: String
    var unitID: UUID
    var metrics: [String: Metric]
    @ExplicitNull var laggingStage: String?

    enum CodingKeys: String, CodingKey {
        case name, metrics
        case repID = "rep_id"
        case unitID = "unit_id"
        case laggingStage = "lagging_stage"
    }

    init(_ record: RepProgressRecord) {
        repID = record.repID
        name = record.name
        unitID = record.unitID
        metrics = record.progress.metrics.mapValues(Metric.init)
        laggingStage = record.progress.laggingStage
    }
}

/// The inputs and arithmetic behind one rep's numbers.
struct ExplanationBody: ResponseEncodable, Sendable {
    struct GoalShare: Encodable, Sendable {
        var unitID: UUID
        var goal: [String: Int64]
        var reps: Int
        var evenShare: [String: Int64]
        var targetShareBps: [String: Int64]

        enum CodingKeys: String, CodingKey {
            case goal, reps
            case unitID = "unit_id"
            case evenShare = "even_share"
            case targetShareBps = "target_share_bps"
        }
    }

    struct Funnel: Encodable, Sendable {
        var side: String
        var proposalID: UUID
        var assumptions: AssumptionsBody
        var impliedRevenue: Int64?
        var proposedRevenue: Int64
        var consistent: Bool

        enum CodingKeys: String, CodingKey {
            case side, assumptions, consistent
            case proposalID = "proposal_id"
            case impliedRevenue = "implied_revenue"
            case proposedRevenue = "proposed_revenue"
        }
    }

    struct Seasonality: Encodable, Sendable {
        var source: String
        var weights: [Int64]
    }

    var planID: UUID
    var repID: UUID
    var maturity: Maturity
    var rampMonthsInPlan: Int
    var rampMonths: [String]
    var targetSource: String
    var targets: [String: MetricValueBody]
    var goalShare: GoalShare?
    var seasonality: Seasonality
    var funnel: [Funnel]
    var lastYear: [String: MetricValueBody]

    enum CodingKeys: String, CodingKey {
        case maturity, targets, seasonality, funnel
        case planID = "plan_id"
        case repID = "rep_id"
        case rampMonthsInPlan = "ramp_months_in_plan"
        case rampMonths = "ramp_months"
        case targetSource = "target_source"
        case goalShare = "goal_share"
        case lastYear = "last_year"
    }

    /// The explanation of a rep's numbers; a stored figure whose sum leaves ±(2^53 - 1) is a 422 naming it.
    init(_ explanation: Explanation) throws {
        let plan = explanation.plan
        let assignment = explanation.assignment
        planID = plan.id
        repID = assignment.repID
        maturity = assignment.maturity
        rampMonthsInPlan = assignment.rampMonthsInPlan
        rampMonths = plan.monthList.prefix(max(assignment.rampMonthsInPlan, 0)).map(\.description)
        let values = assignment.agreed ?? assignment.proposals.last?.values ?? [:]
        targetSource = assignment.agreed != nil ? "agreed" : (assignment.proposals.isEmpty ? "none" : "latest_proposal")
        targets = try MetricValueBody.exact(values, field: "targets")
        if let goal = explanation.goal {
            let annual = try MetricValueBody.exact(goal.values, field: "goal_share.goal").mapValues(\.annual)
            let reps = Int64(max(explanation.repsUnderGoal, 1))
            var shares: [String: Int64] = [:]
            for (key, total) in annual where total > 0 {
                // The rep's share of the goal in bps is unbounded (a rep may propose far more than the goal); one
                // that leaves the exact range is left out, like a share of a zero goal.
                guard let mine = targets[key]?.annual,
                    let share = WideArithmetic.exactMulDiv(mine, 10_000, total, rounding: .towardZero)
                else { continue }
                shares[key] = share
            }
            goalShare = GoalShare(
                unitID: goal.unitID, goal: annual, reps: explanation.repsUnderGoal,
                evenShare: annual.mapValues { $0 / reps }, targetShareBps: shares)
        } else {
            goalShare = nil
        }
        lastYear = try MetricValueBody.exact(explanation.lastYear, field: "last_year")
        // Seasonality of the rep's own last year, by the calendar months of the plan; even without history.
        // `history[i]` is the month 12 months before the plan's start plus i, so plan month i has the same
        // calendar month as `history[i % 12]` (whatever month the plan starts in). Checked above to be exact.
        let history = explanation.lastYear["revenue"] ?? []
        seasonality =
            history.contains { $0 > 0 }
            ? Seasonality(
                source: "last_year", weights: MetricValues.seasonality(lastYear: history, planMonths: plan.months))
            : Seasonality(source: "even", weights: Array(repeating: 1, count: max(plan.months, 0)))
        var funnel: [Funnel] = []
        for side in [ProposalSide.rep, .manager] {
            guard let proposal = assignment.proposals.last(where: { $0.side == side && $0.assumptions != nil }),
                let assumptions = proposal.assumptions
            else { continue }
            guard let proposed = WideArithmetic.exactSum(proposal.values["revenue"] ?? []) else {
                throw Problem.invalid(
                    "funnel.proposed_revenue", "the proposal's revenue sums beyond ±\(MetricValues.maxValue)")
            }
            funnel.append(
                Funnel(
                    side: side.rawValue, proposalID: proposal.id, assumptions: AssumptionsBody(assumptions),
                    impliedRevenue: proposal.implied["revenue"], proposedRevenue: proposed,
                    consistent: proposal.consistent))
        }
        self.funnel = funnel
    }
}

/// Last year's actuals of a unit's subtree for the 12 months before a plan.
struct LastYearBody: ResponseEncodable, Sendable {
    var unitID: UUID
    var startMonth: String
    var values: [String: MetricValueBody]

    enum CodingKeys: String, CodingKey {
        case values
        case unitID = "unit_id"
        case startMonth = "start_month"
    }

    /// A month or year whose sum leaves ±(2^53 - 1) is a 422 naming it (`values.<metric>`).
    init(_ record: LastYearRecord) throws {
        unitID = record.unitID
        startMonth = record.startMonth.description
        values = try MetricValueBody.exact(record.values, field: "values")
    }
}
