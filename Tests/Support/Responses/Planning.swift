import Foundation

// The planning math and tracking: previews, last year, reconciliation, explanation, breakdown, funnel, actuals
// and progress, as the document's schemas of the same names.
extension API {
    /// `GoalPreview`.
    public struct GoalPreview: Decodable, Sendable {
        public let unitID: UUID
        public let values: MetricValues
        public let capacity: [String: Int64]
        /// `LastYearValues`.
        public let lastYear: MetricValues

        enum CodingKeys: String, CodingKey {
            case values, capacity
            case unitID = "unit_id"
            case lastYear = "last_year"
        }
    }

    /// `LastYear`.
    public struct LastYear: Decodable, Sendable {
        public let unitID: UUID
        /// `YYYY-MM`.
        public let startMonth: String
        /// `LastYearValues`.
        public let values: MetricValues

        enum CodingKeys: String, CodingKey {
            case values
            case unitID = "unit_id"
            case startMonth = "start_month"
        }
    }

    /// `ReconciliationRow`.
    public struct ReconciliationRow: Decodable, Sendable {
        public let id: UUID
        /// `unit` or `rep`.
        public let kind: String
        public let name: String
        @Nullable public var topDown: Int64?
        @Nullable public var bottomUp: Int64?
        @Nullable public var agreed: Int64?
        public let lastYear: Int64
        @Nullable public var gap: Int64?
        @Nullable public var stretchBps: Int64?
        @Nullable public var growthBps: Int64?
        public let flags: [String]

        enum CodingKeys: String, CodingKey {
            case id, kind, name, agreed, gap, flags
            case topDown = "top_down"
            case bottomUp = "bottom_up"
            case lastYear = "last_year"
            case stretchBps = "stretch_bps"
            case growthBps = "growth_bps"
        }
    }

    /// `ReconciliationTotals`.
    public struct ReconciliationTotals: Decodable, Sendable {
        @Nullable public var goal: Int64?
        public let sumAgreed: Int64
        public let sumBottomUp: Int64
        @Nullable public var unallocated: Int64?
        @Nullable public var withinTolerance: Bool?
        @Nullable public var capacity: Int64?

        enum CodingKeys: String, CodingKey {
            case goal, unallocated, capacity
            case sumAgreed = "sum_agreed"
            case sumBottomUp = "sum_bottom_up"
            case withinTolerance = "within_tolerance"
        }
    }

    /// `Reconciliation`.
    public struct Reconciliation: Decodable, Sendable {
        public let unitID: UUID
        public let metric: String
        public let rows: [ReconciliationRow]
        public let totals: ReconciliationTotals

        enum CodingKeys: String, CodingKey {
            case metric, rows, totals
            case unitID = "unit_id"
        }
    }

    /// `Explanation`.
    public struct Explanation: Decodable, Sendable {
        public let planID: UUID
        public let repID: UUID
        /// `ramping` or `veteran`.
        public let maturity: String
        public let rampMonthsInPlan: Int
        /// `YYYY-MM` each.
        public let rampMonths: [String]
        /// `agreed`, `latest_proposal` or `none`.
        public let targetSource: String
        public let targets: MetricValues
        /// Absent when no unit above the rep has a goal.
        public let goalShare: GoalShare?
        public let seasonality: Seasonality
        public let funnel: [Funnel]
        public let lastYear: MetricValues

        /// `Explanation.goal_share`.
        public struct GoalShare: Decodable, Sendable {
            public let unitID: UUID
            public let goal: [String: Int64]
            public let reps: Int
            public let evenShare: [String: Int64]
            public let targetShareBps: [String: Int64]

            enum CodingKeys: String, CodingKey {
                case goal, reps
                case unitID = "unit_id"
                case evenShare = "even_share"
                case targetShareBps = "target_share_bps"
            }
        }

        /// `Explanation.seasonality`.
        public struct Seasonality: Decodable, Sendable {
            /// `last_year` or `even`.
            public let source: String
            public let weights: [Int64]
        }

        /// One entry of `Explanation.funnel`.
        public struct Funnel: Decodable, Sendable {
            /// `rep` or `manager`.
            public let side: String
            public let proposalID: UUID
            public let assumptions: Assumptions
            public let impliedRevenue: Int64?
            public let proposedRevenue: Int64
            public let consistent: Bool

            enum CodingKeys: String, CodingKey {
                case side, assumptions, consistent
                case proposalID = "proposal_id"
                case impliedRevenue = "implied_revenue"
                case proposedRevenue = "proposed_revenue"
            }
        }

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
    }

    /// `BreakdownRow`: a month row (`month`), a quarter row (`quarter`) or a week row (`week` and `month`).
    public struct BreakdownRow: Decodable, Sendable {
        public let month: String?
        public let quarter: String?
        public let week: String?
        public let values: [String: Int64]
    }

    /// `Lever`.
    public struct Lever: Decodable, Sendable {
        public let baseline: Int64
        public let needed: Int64
        @Nullable public var growthBps: Int64?
        public let marketingBudget: Int64?

        enum CodingKeys: String, CodingKey {
            case baseline, needed
            case growthBps = "growth_bps"
            case marketingBudget = "marketing_budget"
        }
    }

    /// `FunnelSolution`.
    public struct FunnelSolution: Decodable, Sendable {
        public let avgDealSize: Int64
        public let winRateBps: Int64
        public let neededDeals: Int64
        public let levers: Levers
        @Nullable public var marketingBudget: Int64?
        public let flags: [String]

        /// `FunnelSolution.levers`.
        public struct Levers: Decodable, Sendable {
            public let dealSize: Lever
            public let winRate: Lever
            public let leads: Lever

            enum CodingKeys: String, CodingKey {
                case leads
                case dealSize = "deal_size"
                case winRate = "win_rate"
            }
        }

        enum CodingKeys: String, CodingKey {
            case levers, flags
            case avgDealSize = "avg_deal_size"
            case winRateBps = "win_rate_bps"
            case neededDeals = "needed_deals"
            case marketingBudget = "marketing_budget"
        }
    }

    /// `ActualsResult`.
    public struct ActualsResult: Decodable, Sendable {
        public let stored: Int
    }

    /// `MetricProgress`.
    public struct MetricProgress: Decodable, Sendable {
        public let target: Int64
        public let targetToDate: Int64
        public let actualToDate: Int64
        @Nullable public var attainmentBps: Int64?
        @Nullable public var paceBps: Int64?
        @Nullable public var forecast: Int64?

        enum CodingKeys: String, CodingKey {
            case target, forecast
            case targetToDate = "target_to_date"
            case actualToDate = "actual_to_date"
            case attainmentBps = "attainment_bps"
            case paceBps = "pace_bps"
        }
    }

    /// `RepProgress`.
    public struct RepProgress: Decodable, Sendable {
        public let repID: UUID
        public let name: String
        public let unitID: UUID
        public let metrics: [String: MetricProgress]
        @Nullable public var laggingStage: String?

        enum CodingKeys: String, CodingKey {
            case name, metrics
            case repID = "rep_id"
            case unitID = "unit_id"
            case laggingStage = "lagging_stage"
        }
    }

    /// `Progress`.
    public struct Progress: Decodable, Sendable {
        /// A `date`.
        public let asOf: String
        public let items: [RepProgress]
        @Nullable public var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items
            case asOf = "as_of"
            case nextCursor = "next_cursor"
        }
    }
}
