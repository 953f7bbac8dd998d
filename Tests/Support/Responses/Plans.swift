import Foundation

// Plans, goals, assignments and their negotiation, as the document's schemas of the same names.
extension API {
    /// `Plan`.
    public struct Plan: Decodable, Sendable {
        public let id: UUID
        public let name: String
        public let unitID: UUID
        /// `YYYY-MM`.
        public let startMonth: String
        public let months: Int
        public let currency: String
        public let metrics: [Metric]
        public let rampMonths: Int
        public let stretchLimitBps: Int64
        public let toleranceBps: Int64
        public let approverIDs: [UUID]
        public let requiredApprovals: Int
        /// A `PlanState`.
        public let state: String
        public let version: Int
        public let createdBy: UUID
        /// A `date-time`.
        public let createdAt: String
        /// `PlanAction`s.
        public let allowedActions: [String]

        enum CodingKeys: String, CodingKey {
            case id, name, months, currency, metrics, state, version
            case unitID = "unit_id"
            case startMonth = "start_month"
            case rampMonths = "ramp_months"
            case stretchLimitBps = "stretch_limit_bps"
            case toleranceBps = "tolerance_bps"
            case approverIDs = "approver_ids"
            case requiredApprovals = "required_approvals"
            case createdBy = "created_by"
            case createdAt = "created_at"
            case allowedActions = "allowed_actions"
        }
    }

    /// `Metric`.
    public struct Metric: Decodable, Sendable, Equatable {
        public let key: String
        /// `currency`, `count` or `ratio`.
        public let unit: String
        /// `sum`, `average` or `last`.
        public let aggregation: String
        /// `all`, `ramp_only` or `post_ramp`.
        public let applies: String
    }

    /// `MetricValue` (and `LastYearValue`, the same shape).
    public struct MetricValue: Decodable, Sendable, Equatable {
        public let months: [Int64]
        public let annual: Int64
    }

    /// `MetricValues`: one value per metric key.
    public typealias MetricValues = [String: MetricValue]

    /// `Goal`.
    public struct Goal: Decodable, Sendable {
        public let unitID: UUID
        public let values: MetricValues
        /// `Capacity`: one integer per metric key.
        public let capacity: [String: Int64]
        public let version: Int

        enum CodingKeys: String, CodingKey {
            case values, capacity, version
            case unitID = "unit_id"
        }
    }

    /// `Assumptions`.
    public struct Assumptions: Decodable, Sendable, Equatable {
        public let qualifiedLeads: Int64
        public let winRateBps: Int64
        public let avgDealSize: Int64

        enum CodingKeys: String, CodingKey {
            case qualifiedLeads = "qualified_leads"
            case winRateBps = "win_rate_bps"
            case avgDealSize = "avg_deal_size"
        }
    }

    /// `Proposal`.
    public struct Proposal: Decodable, Sendable {
        public let id: UUID
        public let authorID: UUID
        /// `rep` or `manager`.
        public let side: String
        /// `estimate`, `top_down` or `counter`.
        public let kind: String
        public let values: MetricValues
        @Nullable public var assumptions: Assumptions?
        public let implied: [String: Int64]
        public let consistent: Bool
        @Nullable public var rationale: String?
        /// A `date-time`.
        public let createdAt: String
        /// `open`, `accepted` or `superseded`.
        public let status: String

        enum CodingKeys: String, CodingKey {
            case id, side, kind, values, assumptions, implied, consistent, rationale, status
            case authorID = "author_id"
            case createdAt = "created_at"
        }
    }

    /// `Assignment`.
    public struct Assignment: Decodable, Sendable {
        public let planID: UUID
        public let repID: UUID
        public let unitID: UUID
        /// `ramping` or `veteran`.
        public let maturity: String
        public let rampMonthsInPlan: Int
        /// `awaiting_estimate`, `estimate_submitted`, `countered` or `agreed`.
        public let state: String
        public let proposals: [Proposal]
        @Nullable public var agreed: MetricValues?
        public let version: Int

        enum CodingKeys: String, CodingKey {
            case maturity, state, proposals, agreed, version
            case planID = "plan_id"
            case repID = "rep_id"
            case unitID = "unit_id"
            case rampMonthsInPlan = "ramp_months_in_plan"
        }
    }

    /// `Revision`.
    public struct Revision: Decodable, Sendable {
        public let revision: Int
        @Nullable public var adjustmentID: UUID?
        /// A `date-time`.
        public let at: String
        public let values: MetricValues

        enum CodingKeys: String, CodingKey {
            case revision, at, values
            case adjustmentID = "adjustment_id"
        }
    }

    /// `Comment`.
    public struct Comment: Decodable, Sendable {
        public let id: UUID
        public let authorID: UUID
        public let body: String
        @Nullable public var repID: UUID?
        @Nullable public var proposalID: UUID?
        @Nullable public var parentID: UUID?
        /// A `date-time`.
        public let createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, body
            case authorID = "author_id"
            case repID = "rep_id"
            case proposalID = "proposal_id"
            case parentID = "parent_id"
            case createdAt = "created_at"
        }
    }

    /// `Approval`.
    public struct Approval: Decodable, Sendable {
        public let id: UUID
        /// `plan` or `adjustment`.
        public let subject: String
        public let subjectID: UUID
        /// `submitted`, `approved`, `rejected` or `withdrawn`.
        public let decision: String
        public let actorID: UUID
        @Nullable public var comment: String?
        /// A `date-time`.
        public let at: String

        enum CodingKeys: String, CodingKey {
            case id, subject, decision, comment, at
            case subjectID = "subject_id"
            case actorID = "actor_id"
        }
    }

    /// `AdjustmentChange`.
    public struct AdjustmentChange: Decodable, Sendable, Equatable {
        public let repID: UUID
        public let metric: String
        /// `YYYY-MM`.
        public let month: String
        public let value: Int64
        public let before: Int64

        enum CodingKeys: String, CodingKey {
            case metric, month, value, before
            case repID = "rep_id"
        }
    }

    /// `AdjustmentImpact`.
    public struct AdjustmentImpact: Decodable, Sendable, Equatable {
        public let unitID: UUID
        public let metric: String
        public let goal: Int64
        public let agreedBefore: Int64
        public let agreedAfter: Int64

        enum CodingKeys: String, CodingKey {
            case metric, goal
            case unitID = "unit_id"
            case agreedBefore = "agreed_before"
            case agreedAfter = "agreed_after"
        }
    }

    /// `Adjustment`.
    public struct Adjustment: Decodable, Sendable {
        public let id: UUID
        /// `pending`, `approved`, `rejected` or `withdrawn`.
        public let state: String
        public let requestedBy: UUID
        public let reason: String
        public let changes: [AdjustmentChange]
        public let impact: [AdjustmentImpact]
        /// A `date-time`.
        public let createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, state, reason, changes, impact
            case requestedBy = "requested_by"
            case createdAt = "created_at"
        }
    }

    /// `Event`: one entry of a plan's hash-chained log.
    public struct Event: Decodable, Sendable {
        public let seq: Int64
        public let kind: String
        public let actorID: UUID
        /// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, exactly as hashed.
        public let at: String
        public let data: JSONValue
        public let prevHash: String
        public let hash: String

        enum CodingKeys: String, CodingKey {
            case seq, kind, at, data, hash
            case actorID = "actor_id"
            case prevHash = "prev_hash"
        }
    }

    /// `AuditResult`: `ok` with the events checked, or not `ok` with the first broken link.
    public struct AuditResult: Decodable, Sendable {
        public let ok: Bool
        public let events: Int?
        public let brokenAt: Int64?

        enum CodingKeys: String, CodingKey {
            case ok, events
            case brokenAt = "broken_at"
        }
    }
}
