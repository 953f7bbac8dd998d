import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// A metric's value as the contract spells it on the way in: `{"months": [...]}` or
/// `{"annual": N, "distribution": "even" | "last_year" | {"weights": [...]}}` (distribution defaults to even).
struct MetricInputBody: Decodable {
    var input: MetricInput

    enum CodingKeys: String, CodingKey {
        case months, annual, distribution
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let months = try container.decodeIfPresent([Int64].self, forKey: .months)
        let annual = try container.decodeIfPresent(Int64.self, forKey: .annual)
        let distribution = try container.decodeIfPresent(DistributionBody.self, forKey: .distribution)
        switch (months, annual) {
        case (let months?, nil) where distribution == nil:
            input = .months(months)
        case (nil, let annual?):
            input = .annual(annual, distribution?.spec ?? .even)
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "give either months, or annual with an optional distribution"))
        }
    }
}

/// `"even"`, `"last_year"` or `{"weights": [...]}`.
struct DistributionBody: Decodable {
    var spec: DistributionSpec

    enum CodingKeys: String, CodingKey {
        case weights
    }

    init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            switch name {
            case "even": spec = .even
            case "last_year": spec = .lastYear
            default:
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "must be even, last_year or {\"weights\": [...]}"))
            }
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        spec = .weights(try container.decode([Int64].self, forKey: .weights))
    }
}

/// `POST /v1/plans/{id}/transitions`.
struct TransitionRequest: Decodable {
    var action: PlanAction
    var comment: String?
}

/// `PUT /v1/plans/{id}/goals/{unit_id}`.
struct GoalRequest: Decodable {
    var values: [String: MetricInputBody]
    var capacity: [String: Int64]?
}

/// `POST /v1/plans/{id}/assignments/{rep_id}/proposals`.
struct ProposalRequest: Decodable {
    var values: [String: MetricInputBody]
    var assumptions: AssumptionsBody?
    var rationale: String?
}

/// `POST /v1/plans/{id}/comments`.
struct CommentRequest: Decodable {
    var body: String
    var repID: UUID?
    var proposalID: UUID?
    var parentID: UUID?

    enum CodingKeys: String, CodingKey {
        case body
        case repID = "rep_id"
        case proposalID = "proposal_id"
        case parentID = "parent_id"
    }
}

/// `POST /v1/plans/{id}/adjustments`.
struct AdjustmentRequest: Decodable {
    struct Change: Decodable {
        var repID: UUID
        var metric: String
        var month: String
        var value: Int64

        enum CodingKeys: String, CodingKey {
            case metric, month, value
            case repID = "rep_id"
        }
    }
    var reason: String
    var changes: [Change]
}

/// The optional body of an adjustment's approve, reject or withdraw.
struct DecisionRequest: Decodable {
    var comment: String?
}

/// Monthly values with their annual sum, as every response shows them.
struct MetricValueBody: Encodable, Sendable {
    var months: [Int64]
    var annual: Int64

    /// Stored values always sum within ±(2^53−1) (every write checks it); a sum outside is corrupt data,
    /// answered as a logged 500 rather than a wrong figure.
    static func map(_ values: MonthlyValues) throws -> [String: MetricValueBody] {
        try values.mapValues { months in
            guard let annual = WideArithmetic.exactSum(months) else { throw StoredValueOutOfRange() }
            return MetricValueBody(months: months, annual: annual)
        }
    }
}

extension MetricValueBody {
    /// Months and annual per metric of figures summed from many rows (actuals, a goal's months), the annual
    /// summed exactly; `field.<metric>` names one that cannot be stated exactly, as a 422.
    static func exact(_ values: MonthlyValues, field: String) throws -> [String: MetricValueBody] {
        var result: [String: MetricValueBody] = [:]
        for (key, months) in values {
            guard let annual = WideArithmetic.exactSum(months), months.allSatisfy({ ExactSum.inRange($0) != nil })
            else {
                throw Problem.invalid(
                    "\(field).\(key)",
                    "the stored values sum beyond ±\(MetricValues.maxValue) and cannot be stated exactly")
            }
            result[key] = MetricValueBody(months: months, annual: annual)
        }
        return result
    }
}

/// A stored figure outside the contract's exact range (see `MetricValueBody.map`).
struct StoredValueOutOfRange: Error {
}

struct PlanBody: ResponseEncodable, Sendable {
    var id: UUID
    var name: String
    var unitID: UUID
    var startMonth: String
    var months: Int
    var currency: String
    var metrics: [MetricDefinition]
    var rampMonths: Int
    var stretchLimitBps: Int64
    var toleranceBps: Int64
    var approverIDs: [UUID]
    var requiredApprovals: Int
    var state: PlanState
    var version: Int64
    var createdBy: UUID
    var createdAt: Date
    var allowedActions: [PlanAction]

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

    init(_ view: PlanView) {
        let plan = view.plan
        id = plan.id
        name = plan.name
        unitID = plan.unitID
        startMonth = plan.startMonth.description
        months = plan.months
        currency = plan.currency
        metrics = plan.metrics
        rampMonths = plan.rampMonths
        stretchLimitBps = plan.stretchLimitBps
        toleranceBps = plan.toleranceBps
        approverIDs = plan.approverIDs
        requiredApprovals = plan.requiredApprovals
        state = plan.state
        version = plan.version
        createdBy = plan.createdBy
        createdAt = plan.createdAt
        allowedActions = view.allowedActions
    }
}

/// The settable fields of a plan (all optional here; `name`, `unit_id`, `start_month` are required on create).
struct PlanFieldsBody: Decodable {
    var name: String?
    var unitID: UUID?
    var startMonth: String?
    var months: Int?
    var currency: String?
    var metrics: [MetricDefinition]?
    var rampMonths: Int?
    var stretchLimitBps: Int64?
    var toleranceBps: Int64?
    var approverIDs: [UUID]?
    var requiredApprovals: Int?

    enum CodingKeys: String, CodingKey {
        case name, months, currency, metrics
        case unitID = "unit_id"
        case startMonth = "start_month"
        case rampMonths = "ramp_months"
        case stretchLimitBps = "stretch_limit_bps"
        case toleranceBps = "tolerance_bps"
        case approverIDs = "approver_ids"
        case requiredApprovals = "required_approvals"
    }

    func fields(requireCreateFields: Bool) throws -> PlanFields {
        var errors: [FieldError] = []
        if requireCreateFields {
            if name == nil { errors.append(FieldError(field: "name", message: "is required")) }
            if unitID == nil { errors.append(FieldError(field: "unit_id", message: "is required")) }
            if startMonth == nil { errors.append(FieldError(field: "start_month", message: "is required")) }
        }
        let start = startMonth.flatMap(YearMonth.init)
        if startMonth != nil && start == nil { errors.append(FieldError(field: "start_month", message: "must be a month YYYY-MM")) }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        return PlanFields(
            name: name, unitID: unitID, startMonth: start, months: months, currency: currency, metrics: metrics,
            rampMonths: rampMonths, stretchLimitBps: stretchLimitBps, toleranceBps: toleranceBps, approverIDs: approverIDs,
            requiredApprovals: requiredApprovals)
    }
}

struct GoalBody: ResponseEncodable, Sendable {
    var unitID: UUID
    var values: [String: MetricValueBody]
    var capacity: [String: Int64]
    var version: Int64

    enum CodingKeys: String, CodingKey {
        case values, capacity, version
        case unitID = "unit_id"
    }

    init(_ goal: GoalRecord) throws {
        unitID = goal.unitID
        values = try MetricValueBody.map(goal.values)
        capacity = goal.capacity
        version = goal.version
    }
}

/// What a goal PUT would store, and last year's months beside it.
struct GoalPreviewBody: ResponseEncodable, Sendable {
    var unitID: UUID
    var values: [String: MetricValueBody]
    var capacity: [String: Int64]
    var lastYear: [String: MetricValueBody]

    enum CodingKeys: String, CodingKey {
        case values, capacity
        case unitID = "unit_id"
        case lastYear = "last_year"
    }

    init(_ preview: GoalPreview) throws {
        unitID = preview.unitID
        // The split sums to annual figures the body gave, so it is exact: as a stored goal's months.
        values = try MetricValueBody.map(preview.values)
        capacity = preview.capacity
        lastYear = try MetricValueBody.exact(preview.lastYear, field: "last_year")
    }
}

struct AssumptionsBody: Codable, Sendable {
    var qualifiedLeads: Int64
    var winRateBps: Int64
    var avgDealSize: Int64

    enum CodingKeys: String, CodingKey {
        case qualifiedLeads = "qualified_leads"
        case winRateBps = "win_rate_bps"
        case avgDealSize = "avg_deal_size"
    }

    init(_ assumptions: FunnelAssumptions) {
        qualifiedLeads = assumptions.qualifiedLeads
        winRateBps = assumptions.winRateBps
        avgDealSize = assumptions.avgDealSize
    }

    var domain: FunnelAssumptions {
        FunnelAssumptions(qualifiedLeads: qualifiedLeads, winRateBps: winRateBps, avgDealSize: avgDealSize)
    }
}

struct ProposalBody: ResponseEncodable, Sendable {
    var id: UUID
    var authorID: UUID
    var side: ProposalSide
    var kind: ProposalKind
    var values: [String: MetricValueBody]
    @ExplicitNull var assumptions: AssumptionsBody?
    var implied: [String: Int64]
    var consistent: Bool
    @ExplicitNull var rationale: String?
    var createdAt: Date
    var status: ProposalStatus

    enum CodingKeys: String, CodingKey {
        case id, side, kind, values, assumptions, implied, consistent, rationale, status
        case authorID = "author_id"
        case createdAt = "created_at"
    }

    init(_ proposal: ProposalRecord) throws {
        id = proposal.id
        authorID = proposal.authorID
        side = proposal.side
        kind = proposal.kind
        values = try MetricValueBody.map(proposal.values)
        assumptions = proposal.assumptions.map(AssumptionsBody.init)
        implied = proposal.implied
        consistent = proposal.consistent
        rationale = proposal.rationale
        createdAt = proposal.createdAt
        status = proposal.status
    }
}

struct AssignmentBody: ResponseEncodable, Sendable {
    var planID: UUID
    var repID: UUID
    var unitID: UUID
    var maturity: Maturity
    var rampMonthsInPlan: Int
    var state: AssignmentState
    var proposals: [ProposalBody]
    @ExplicitNull var agreed: [String: MetricValueBody]?
    var version: Int64

    enum CodingKeys: String, CodingKey {
        case maturity, state, proposals, agreed, version
        case planID = "plan_id"
        case repID = "rep_id"
        case unitID = "unit_id"
        case rampMonthsInPlan = "ramp_months_in_plan"
    }

    init(_ assignment: AssignmentRecord) throws {
        planID = assignment.planID
        repID = assignment.repID
        unitID = assignment.unitID
        maturity = assignment.maturity
        rampMonthsInPlan = assignment.rampMonthsInPlan
        state = assignment.state
        proposals = try assignment.proposals.map(ProposalBody.init)
        agreed = try assignment.agreed.map(MetricValueBody.map)
        version = assignment.version
    }
}

struct CommentBody: ResponseEncodable, Sendable {
    var id: UUID
    var authorID: UUID
    var body: String
    @ExplicitNull var repID: UUID?
    @ExplicitNull var proposalID: UUID?
    @ExplicitNull var parentID: UUID?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, body
        case authorID = "author_id"
        case repID = "rep_id"
        case proposalID = "proposal_id"
        case parentID = "parent_id"
        case createdAt = "created_at"
    }

    init(_ comment: CommentRecord) {
        id = comment.id
        authorID = comment.authorID
        body = comment.body
        repID = comment.repID
        proposalID = comment.proposalID
        parentID = comment.parentID
        createdAt = comment.createdAt
    }
}

struct ApprovalBody: ResponseEncodable, Sendable {
    var id: UUID
    var subject: String
    var subjectID: UUID
    var decision: String
    var actorID: UUID
    @ExplicitNull var comment: String?
    var at: Date

    enum CodingKeys: String, CodingKey {
        case id, subject, decision, comment, at
        case subjectID = "subject_id"
        case actorID = "actor_id"
    }

    init(_ approval: ApprovalRecord) {
        id = approval.id
        subject = approval.subject
        subjectID = approval.subjectID
        decision = approval.decision
        actorID = approval.actorID
        comment = approval.comment
        at = approval.at
    }
}

struct AdjustmentBody: ResponseEncodable, Sendable {
    var id: UUID
    var state: AdjustmentState
    var requestedBy: UUID
    var reason: String
    var changes: [AdjustmentChange]
    var impact: [AdjustmentImpact]
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, state, reason, changes, impact
        case requestedBy = "requested_by"
        case createdAt = "created_at"
    }

    init(_ adjustment: AdjustmentRecord) {
        id = adjustment.id
        state = adjustment.state
        requestedBy = adjustment.requestedBy
        reason = adjustment.reason
        changes = adjustment.changes
        impact = adjustment.impact
        createdAt = adjustment.createdAt
    }
}

struct RevisionBody: ResponseEncodable, Sendable {
    var revision: Int
    @ExplicitNull var adjustmentID: UUID?
    var at: Date
    var values: [String: MetricValueBody]

    enum CodingKeys: String, CodingKey {
        case revision, at, values
        case adjustmentID = "adjustment_id"
    }

    init(_ revision: RevisionRecord) throws {
        self.revision = revision.revision
        adjustmentID = revision.adjustmentID
        at = revision.at
        values = try MetricValueBody.map(revision.values)
    }
}

struct EventBody: ResponseEncodable, Sendable {
    var seq: Int64
    var kind: String
    var actorID: UUID
    var at: String
    var data: JSONText
    var prevHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
        case seq, kind, at, data, hash
        case actorID = "actor_id"
        case prevHash = "prev_hash"
    }

    init(_ event: EventRecord) {
        seq = event.seq
        kind = event.kind
        actorID = event.actorID
        at = event.at
        data = JSONText(text: event.data)
        prevHash = event.prevHash
        hash = event.hash
    }
}

/// Already-serialized JSON embedded as a value (event data, exactly as hashed).
struct JSONText: Encodable, Sendable {
    var text: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(try JSONParser.parse(Array(text.utf8)))
    }
}

/// `GET /v1/plans/{id}/audit/verify`: `{"ok": true, "events": N}` or `{"ok": false, "broken_at": seq}`.
struct AuditBody: ResponseEncodable, Sendable {
    var ok: Bool
    var events: Int?
    var brokenAt: Int64?

    enum CodingKeys: String, CodingKey {
        case ok, events
        case brokenAt = "broken_at"
    }

    init(_ result: AuditResult) {
        ok = result.brokenAt == nil
        events = ok ? result.events : nil
        brokenAt = result.brokenAt
    }
}
