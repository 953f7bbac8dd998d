import Foundation
import ParleyDomain
import Postgres

/// A proposal on an assignment.
public struct ProposalRecord: Sendable {
    public var id: UUID
    public var authorID: UUID
    /// Rep side or manager side.
    public var side: ProposalSide
    /// estimate, top_down or counter.
    public var kind: ProposalKind
    /// Proposed monthly values per metric.
    public var values: MonthlyValues
    /// The author's funnel assumptions, if given.
    public var assumptions: FunnelAssumptions?
    /// What the assumptions imply (`revenue`), empty without assumptions.
    public var implied: [String: Int64]
    /// Whether the proposed annual revenue is within tolerance of the implied one.
    public var consistent: Bool
    /// Why.
    public var rationale: String?
    /// When.
    public var createdAt: Date
    /// open, accepted or superseded.
    public var status: ProposalStatus

    static let columns: SQL = """
        proposal_id, author_id, side, kind, "values"::text, assumptions::text, implied::text, consistent, rationale,
        created_at, status, rep_id
        """

    init(
        id: UUID, authorID: UUID, side: ProposalSide, kind: ProposalKind, values: MonthlyValues,
        assumptions: FunnelAssumptions?, implied: [String: Int64], consistent: Bool, rationale: String?, createdAt: Date,
        status: ProposalStatus
    ) {
        (self.id, self.authorID, self.side, self.kind, self.values, self.assumptions) =
            (id, authorID, side, kind, values, assumptions)
        (self.implied, self.consistent, self.rationale, self.createdAt, self.status) =
            (implied, consistent, rationale, createdAt, status)
    }

    init(row: PostgresRow) throws {
        let values: JSONColumn<MonthlyValues>
        let assumptions: JSONColumn<StoredAssumptions>?
        let implied: JSONColumn<[String: Int64]>
        (id, authorID, side, kind, values, assumptions, implied, consistent, rationale, createdAt, status) =
            try row.decode(
                (
                    UUID, UUID, ProposalSide, ProposalKind, JSONColumn<MonthlyValues>, JSONColumn<StoredAssumptions>?,
                    JSONColumn<[String: Int64]>, Bool, String?, Date, ProposalStatus
                ).self, at: 0)
        self.values = values.value
        self.assumptions = assumptions?.value.domain
        self.implied = implied.value
    }
}

/// Funnel assumptions in their stored (and wire) spelling.
struct StoredAssumptions: Codable {
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

/// One rep's targets in one plan, with the negotiation so far.
public struct AssignmentRecord: Sendable {
    public var planID: UUID
    public var repID: UUID
    /// The rep's unit when the plan was published.
    public var unitID: UUID
    /// Ramp months inside the plan (0 for a veteran).
    public var rampMonthsInPlan: Int
    /// Negotiation state.
    public var state: AssignmentState
    /// Agreed values, once agreed.
    public var agreed: MonthlyValues?
    /// Optimistic-concurrency version.
    public var version: Int64
    /// Proposals, oldest first.
    public var proposals: [ProposalRecord]

    /// ramping or veteran.
    public var maturity: Maturity { Ramp.maturity(rampMonthsInPlan: rampMonthsInPlan) }

    static let columns: SQL = "plan_id, rep_id, unit_id, ramp_months_in_plan, state, agreed::text, version"

    init(row: PostgresRow, proposals: [ProposalRecord]) throws {
        let agreed: JSONColumn<MonthlyValues>?
        (planID, repID, unitID, rampMonthsInPlan, state, agreed, version) = try row.decode(
            (UUID, UUID, UUID, Int, AssignmentState, JSONColumn<MonthlyValues>?, Int64).self, at: 0)
        self.agreed = agreed?.value
        self.proposals = proposals
    }
}

/// A proposal as a client posts it.
public struct NewProposal: Sendable {
    /// Values per metric (explicit months or annual + distribution).
    public var values: [String: MetricInput]
    public var assumptions: FunnelAssumptions?
    /// Why.
    public var rationale: String?

    /// Creates a proposal.
    public init(values: [String: MetricInput], assumptions: FunnelAssumptions?, rationale: String?) {
        self.values = values
        self.assumptions = assumptions
        self.rationale = rationale
    }
}

extension Store {
    /// Assignments of a plan the caller may see, optionally in one unit (not its subtree), ordered by rep.
    public func assignments(caller: Caller, plan planID: UUID, unit: UUID?, limit: Int, cursor: String?) async throws
        -> Page<AssignmentRecord>
    {
        let after = try Cursor.decode(cursor)
        return try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            _ = try tx.plan(planID, org: org)
            let tree = try tx.unitTree(org: org)
            var visible: [AssignmentRecord] = []
            var lastRep = after
            // Visibility is decided per row by the domain, so read in batches until the page is full.
            while visible.count <= limit {
                let rows = try tx.query(
                    """
                    SELECT \(AssignmentRecord.columns) FROM assignments
                    WHERE org_id = \(org) AND plan_id = \(planID) AND (\(unit)::uuid IS NULL OR unit_id = \(unit)::uuid)
                      AND (\(lastRep)::uuid IS NULL OR rep_id > \(lastRep)::uuid)
                      AND (\(caller.role == .rep) = false OR rep_id = \(caller.userID))
                    ORDER BY rep_id LIMIT 500
                    """)
                if rows.isEmpty { break }
                for row in rows {
                    let record = try AssignmentRecord(row: row, proposals: [])
                    lastRep = record.repID
                    if Permissions.maySeeAssignment(caller.viewer, repID: record.repID, repUnit: record.unitID, tree: tree) {
                        visible.append(record)
                    }
                }
            }
            let page = Cursor.page(visible, limit: limit, id: \.repID)
            let proposals = try Self.proposals(tx, org: org, plan: planID, reps: page.items.map(\.repID))
            return Page(
                items: page.items.map { var item = $0; item.proposals = proposals[$0.repID] ?? []; return item },
                nextCursor: page.nextCursor)
        }
    }

    /// One assignment, if the caller may see it (404 otherwise, so its existence is not revealed).
    public func assignment(caller: Caller, plan planID: UUID, rep: UUID) async throws -> AssignmentRecord {
        try await transaction(caller.orgID) { tx in
            _ = try tx.plan(planID, org: caller.orgID)
            let (assignment, _) = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: rep, lock: false)
            return assignment
        }
    }

    /// Posts a proposal (rep side on one's own assignment, manager side above the rep).
    public func propose(caller: Caller, plan planID: UUID, rep: UUID, version: Int64, _ proposal: NewProposal) async throws
        -> (proposal: ProposalRecord, assignmentVersion: Int64)
    {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            // Two round trips in all: the reads (the assignment locked) in one pipeline, then the writes, the event
            // and the COMMIT in another (`Events.append`).
            try Self.requireOwnAssignment(caller: caller, rep: rep)
            let reads = try tx.query([
                PostgresTransaction.planQuery(planID, org: org),
                Self.assignmentQuery(org: org, plan: planID, rep: rep, lock: true),
                Self.proposalSummariesQuery(org: org, plan: planID, rep: rep),
            ])
            let plan = try PostgresTransaction.plan(from: reads[0])
            let (assignment, side) = try Self.visibleAssignment(
                tx, caller: caller, plan: planID, rep: rep, rows: reads[1], withProposals: false)
            guard let side else { throw StoreError.forbidden("you may not propose on this assignment") }
            guard assignment.version == version else { throw StoreError.versionConflict(current: assignment.version) }
            let existing = try Self.proposalSummaries(from: reads[2])
            let outcome: ProposalOutcome
            do throws(NegotiationError) {
                outcome = try Negotiation.propose(by: side, planState: plan.state, existing: existing)
            } catch {
                throw StoreError(error)
            }
            let values = try Self.resolveProposalValues(tx, org: org, plan: plan, assignment: assignment, proposal)
            var implied: [String: Int64] = [:]
            var consistent = true
            if let assumptions = proposal.assumptions {
                guard let revenue = Funnel.implied(assumptions: assumptions) else {
                    throw StoreError.invalid("assumptions", "must be non-negative, win_rate_bps at most 10000, and imply a revenue within range")
                }
                implied["revenue"] = revenue
                if let months = values["revenue"] {
                    // Resolved values sum within the exact range (checked by MetricValues), so this never clamps.
                    consistent = Funnel.isConsistent(
                        annualRevenue: WideArithmetic.exactSum(months) ?? MetricValues.maxValue, implied: revenue,
                        toleranceBps: plan.toleranceBps)
                }
            }
            let id = UUID()
            let valuesJSON = try JSONCoding.encode(values)
            // Separate statements rather than one with data-modifying CTEs: Citus cannot route a RETURNING that reads
            // a CTE to the worker. The assignment row is locked (the reads above), so nothing interleaves.
            let written = try Events.append(
                tx, org: org, plan: planID, kind: "proposal.created", actor: caller.userID,
                data: ProposalEvent(proposalID: id, repID: rep, side: side, kind: outcome.kind, values: values),
                whileIn: Negotiation.openPlanStates,
                with: [
                    """
                    UPDATE proposals SET status = 'superseded'
                    WHERE org_id = \(org) AND proposal_id = ANY(\(outcome.superseded)::uuid[])
                    """,
                    """
                    UPDATE assignments SET state = \(outcome.assignmentState.rawValue), version = version + 1, updated_at = now(),
                        top_down_annuals = CASE WHEN \(side == .manager) THEN parley_annuals(\(valuesJSON)::jsonb)
                                                ELSE top_down_annuals END,
                        bottom_up_annuals = CASE WHEN \(side == .rep) THEN parley_annuals(\(valuesJSON)::jsonb)
                                                 ELSE bottom_up_annuals END
                    WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep)
                    RETURNING version
                    """,
                    """
                    INSERT INTO proposals (org_id, proposal_id, plan_id, rep_id, author_id, side, kind, "values", assumptions, implied,
                        consistent, rationale)
                    VALUES (\(org), \(id), \(planID), \(rep), \(caller.userID), \(side.rawValue), \(outcome.kind.rawValue),
                        \(valuesJSON)::jsonb, \(try proposal.assumptions.map { try JSONCoding.encode(StoredAssumptions($0)) })::jsonb,
                        \(try JSONCoding.encode(implied))::jsonb, \(consistent), \(proposal.rationale))
                    RETURNING created_at
                    """,
                    AssignmentFigures.refresh(org: org, plan: planID, reps: [rep]),
                ])
            guard let versionRow = written[1].first, let proposalRow = written[2].first else { throw StoreError.notFound }
            let newVersion = try versionRow.decode(Int64.self)
            // The record from what was written: decoding its JSON columns back took 7 % of the request's CPU.
            let record = ProposalRecord(
                id: id, authorID: caller.userID, side: side, kind: outcome.kind, values: values,
                assumptions: proposal.assumptions, implied: implied, consistent: consistent,
                rationale: proposal.rationale, createdAt: try proposalRow.decode(Date.self), status: .open)
            return (record, newVersion)
        }
    }

    /// Accepts the other side's open proposal: the assignment becomes `agreed` with its values.
    public func accept(caller: Caller, plan planID: UUID, rep: UUID, proposal proposalID: UUID, version: Int64) async throws
        -> AssignmentRecord
    {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            let (assignment, side) = try Self.visibleAssignment(
                tx, caller: caller, plan: planID, rep: rep, lock: true, withProposals: false)
            guard let side else { throw StoreError.forbidden("you may not accept proposals on this assignment") }
            let proposal = try ProposalRecord(
                row: tx.one(
                    """
                    SELECT \(ProposalRecord.columns) FROM proposals
                    WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep) AND proposal_id = \(proposalID)
                    """))
            guard assignment.version == version else { throw StoreError.versionConflict(current: assignment.version) }
            do throws(NegotiationError) {
                _ = try Negotiation.accept(
                    ProposalSummary(id: proposal.id, side: proposal.side, status: proposal.status), by: side, planState: plan.state)
            } catch {
                throw StoreError(error)
            }
            try tx.execute(
                """
                UPDATE proposals SET status = CASE WHEN proposal_id = \(proposalID) THEN 'accepted' ELSE 'superseded' END
                WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep) AND (status = 'open' OR proposal_id = \(proposalID))
                """)
            try tx.execute(
                """
                UPDATE assignments SET state = 'agreed', agreed = \(try JSONCoding.encode(proposal.values))::jsonb,
                    agreed_proposal_id = \(proposalID), version = version + 1, updated_at = now()
                WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep)
                """)
            try tx.execute(AssignmentFigures.refresh(org: org, plan: planID, reps: [rep]))
            // Read before the event, whose statement commits: the assignment is locked, so nothing changes it.
            let accepted = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: rep, lock: false).0
            try Events.append(
                tx, org: org, plan: planID, kind: "proposal.accepted", actor: caller.userID,
                data: ["proposal_id": proposalID, "rep_id": rep], whileIn: Negotiation.openPlanStates)
            return accepted
        }
    }

    /// Loads an assignment with its proposals if the caller may see it, and the side the caller may act on.
    static func visibleAssignment(
        _ tx: PostgresTransaction, caller: Caller, plan: UUID, rep: UUID, lock: Bool, withProposals: Bool = true
    ) throws -> (AssignmentRecord, ProposalSide?)
    {
        try requireOwnAssignment(caller: caller, rep: rep)
        return try visibleAssignment(
            tx, caller: caller, plan: plan, rep: rep,
            rows: tx.query(assignmentQuery(org: caller.orgID, plan: plan, rep: rep, lock: lock)),
            withProposals: withProposals)
    }

    /// A rep reads and writes only their own assignment: checked before its row is read (or locked).
    static func requireOwnAssignment(caller: Caller, rep: UUID) throws {
        if caller.role == .rep && caller.userID != rep { throw StoreError.notFound }
    }

    /// The statement `visibleAssignment` runs, to send in a pipeline with others (after checking that a rep asks
    /// only for their own); `visibleAssignment(_:caller:plan:rep:rows:withProposals:)` decides on its rows.
    static func assignmentQuery(org: UUID, plan: UUID, rep: UUID, lock: Bool) -> SQL {
        """
        SELECT \(AssignmentRecord.columns) FROM assignments
        WHERE org_id = \(org) AND plan_id = \(plan) AND rep_id = \(rep) \(lock ? "FOR UPDATE" : "" as SQL)
        """
    }

    static func visibleAssignment(
        _ tx: PostgresTransaction, caller: Caller, plan: UUID, rep: UUID, rows: PostgresRows, withProposals: Bool
    ) throws -> (AssignmentRecord, ProposalSide?) {
        let org = caller.orgID
        guard let row = rows.first else { throw StoreError.notFound }
        var assignment = try AssignmentRecord(row: row, proposals: [])
        // Only a manager's answer depends on the tree: spare the query for everyone else.
        let tree = caller.role == .manager ? try tx.ancestry(of: assignment.unitID, org: org) : .empty
        guard Permissions.maySeeAssignment(caller.viewer, repID: rep, repUnit: assignment.unitID, tree: tree) else {
            throw StoreError.notFound
        }
        let side = Permissions.mayProposeOnAssignment(caller.viewer, repID: rep, repUnit: assignment.unitID, tree: tree)
        if withProposals { assignment.proposals = try proposals(tx, org: org, plan: plan, reps: [rep])[rep] ?? [] }
        return (assignment, side)
    }

    /// What the negotiation rules need to know of earlier proposals: each side's first one and its open ones.
    static func proposalSummaries(_ tx: PostgresTransaction, org: UUID, plan: UUID, rep: UUID) throws -> [ProposalSummary] {
        try proposalSummaries(from: tx.query(proposalSummariesQuery(org: org, plan: plan, rep: rep)))
    }

    static func proposalSummariesQuery(org: UUID, plan: UUID, rep: UUID) -> SQL {
        """
        (SELECT DISTINCT ON (side) proposal_id, side, status FROM proposals
         WHERE org_id = \(org) AND plan_id = \(plan) AND rep_id = \(rep) ORDER BY side, seq)
        UNION
        (SELECT proposal_id, side, status FROM proposals
         WHERE org_id = \(org) AND plan_id = \(plan) AND rep_id = \(rep) AND status = 'open')
        """
    }

    static func proposalSummaries(from rows: PostgresRows) throws -> [ProposalSummary] {
        try rows.map {
            let (id, side, status) = try $0.decode((UUID, ProposalSide, ProposalStatus).self)
            return ProposalSummary(id: id, side: side, status: status)
        }
    }

    static func proposals(_ tx: PostgresTransaction, org: UUID, plan: UUID, reps: [UUID]) throws -> [UUID: [ProposalRecord]] {
        guard !reps.isEmpty else { return [:] }
        let rows = try tx.query(
            """
            SELECT \(ProposalRecord.columns) FROM proposals
            WHERE org_id = \(org) AND plan_id = \(plan) AND rep_id = ANY(\(reps)::uuid[]) ORDER BY seq
            """)
        var result: [UUID: [ProposalRecord]] = [:]
        for row in rows {
            let rep = try row.decode(UUID.self, at: 11)
            result[rep, default: []].append(try ProposalRecord(row: row))
        }
        return result
    }

    /// Resolves a proposal's inputs to months, fills absent metrics with zeros and checks the ramp rules.
    private static func resolveProposalValues(
        _ tx: PostgresTransaction, org: UUID, plan: PlanRecord, assignment: AssignmentRecord, _ proposal: NewProposal
    ) throws -> MonthlyValues {
        let needsHistory = proposal.values.values.contains { if case .annual(_, .lastYear) = $0 { true } else { false } }
        let lastYear = needsHistory ? try repLastYear(tx, org: org, rep: assignment.repID, start: plan.startMonth) : [:]
        var values: MonthlyValues
        do throws(ValidationError) {
            values = try MetricValues.resolveAll(proposal.values, metrics: plan.metrics, planMonths: plan.months, lastYear: lastYear)
        } catch {
            throw StoreError.validation(error.errors)
        }
        for metric in plan.metrics where values[metric.key] == nil {
            values[metric.key] = Array(repeating: 0, count: plan.months)
        }
        let errors = Ramp.validate(values: values, metrics: plan.metrics, rampMonthsInPlan: assignment.rampMonthsInPlan)
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return values
    }

    /// A rep's own actuals for the 12 months before `start`, per metric.
    static func repLastYear(_ tx: PostgresTransaction, org: UUID, rep: UUID, start: YearMonth) throws -> [String: [Int64]] {
        let from = start.adding(months: -12)
        var result: [String: [Int64]] = [:]
        let rows = try tx.query(
            """
            SELECT metric, (extract(year FROM day)::int * 12 + extract(month FROM day)::int - 1),
                   least(greatest(sum(value), \(-MetricValues.maxValue - 1)), \(MetricValues.maxValue + 1))::bigint
            FROM actuals WHERE org_id = \(org) AND user_id = \(rep)
              AND day >= \(from.description + "-01")::date AND day < \(start.description + "-01")::date
            GROUP BY 1, 2
            """)
        let base = from.year * 12 + from.month - 1
        for row in rows {
            let (metric, month, sum) = try row.decode((String, Int, Int64).self)
            // Months of years 1..9999 (PostgreSQL's date range): the difference cannot overflow.
            let index = month - base
            guard (0..<12).contains(index) else { continue }
            // One row per (metric, month); sums beyond the exact range are capped one past it, which proposals
            // refuse to weight by and explain reports as an overflow.
            result[metric, default: Array(repeating: 0, count: 12)][index] = sum
        }
        return result
    }
}

struct ProposalEvent: Encodable, Sendable {
    var proposalID: UUID
    var repID: UUID
    var side: ProposalSide
    var kind: ProposalKind
    var values: MonthlyValues

    enum CodingKeys: String, CodingKey {
        case proposalID = "proposal_id"
        case repID = "rep_id"
        case side, kind, values
    }
}

extension StoreError {
    init(_ error: NegotiationError) {
        switch error {
        case .invalidState(let detail): self = .invalidState(detail)
        case .forbidden(let detail): self = .forbidden(detail)
        }
    }
}
