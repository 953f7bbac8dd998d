import Foundation
import ParleyDomain
import Postgres

/// A recorded decision on a plan or an adjustment.
public struct ApprovalRecord: Sendable {
    public var id: UUID
    /// `plan` or `adjustment`.
    public var subject: String
    /// The plan's or adjustment's id.
    public var subjectID: UUID
    /// submitted, approved, rejected or withdrawn.
    public var decision: String
    /// Who decided.
    public var actorID: UUID
    /// Why.
    public var comment: String?
    /// When.
    public var at: Date
}

extension Store {
    /// Takes a workflow action on a plan: the domain's transition table decides, this applies its effects.
    public func transition(caller: Caller, plan planID: UUID, version: Int64, action: PlanAction, comment: String?) async throws
        -> PlanView
    {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org, lock: true)
            let tree = try tx.unitTree(org: org)
            let actor = Permissions.planActor(
                caller.viewer, scopeUnit: plan.unitID, tree: tree, approverIDs: Set(plan.approverIDs), submitterID: plan.submittedBy)
            guard plan.version == version else { throw StoreError.versionConflict(current: plan.version) }
            let facts = try Self.guardFacts(tx, org: org, plan: plan, action: action, actor: caller.userID, tree: tree, comment: comment)
            let next: PlanState
            do throws(WorkflowError) {
                next = try Workflow.decide(action, in: plan.state, by: actor, facts: facts)
            } catch {
                switch error {
                case .invalidTransition(let allowed):
                    throw StoreError.invalidTransition(state: plan.state.rawValue, allowed: allowed.map(\.rawValue))
                case .forbidden:
                    throw StoreError.forbidden("your role may not \(action.rawValue) this plan")
                case .guardFailed(let reasons):
                    throw StoreError.guardFailed(reasons)
                }
            }
            switch action {
            case .publish:
                try Self.createAssignments(tx, org: org, plan: plan, tree: tree)
            case .submitForApproval:
                try Self.record(tx, org: org, plan: planID, subject: "plan", subjectID: planID, decision: "submitted", actor: caller.userID, comment: comment)
            case .approve:
                try Self.record(tx, org: org, plan: planID, subject: "plan", subjectID: planID, decision: "approved", actor: caller.userID, comment: comment)
                if next == .locked {
                    // Two statements, the second reading the table rather than a CTE: Citus runs an INSERT that
                    // selects from a data-modifying CTE through COPY, which tables with row-level security refuse,
                    // while an INSERT ... SELECT between tables of one organization runs on its shard.
                    try tx.execute("UPDATE assignments SET revision = 1 WHERE org_id = \(org) AND plan_id = \(planID)")
                    try tx.execute(
                        """
                        INSERT INTO revisions (org_id, plan_id, rep_id, revision, "values")
                        SELECT org_id, plan_id, rep_id, 1, coalesce(agreed, '{}') FROM assignments
                        WHERE org_id = \(org) AND plan_id = \(planID)
                        """)
                }
            case .reject:
                try Self.record(tx, org: org, plan: planID, subject: "plan", subjectID: planID, decision: "rejected", actor: caller.userID, comment: comment)
            case .openDiscussion, .archive:
                break
            }
            let submitter: UUID? = switch action {
            case .submitForApproval: caller.userID
            case .reject: nil
            default: plan.submittedBy
            }
            let updated = try PlanRecord(
                row: tx.one(
                    """
                    UPDATE plans SET state = \(next.rawValue), submitted_by = \(submitter), version = version + 1
                    WHERE org_id = \(org) AND plan_id = \(planID)
                    RETURNING \(PlanRecord.columns)
                    """))
            try Events.append(
                tx, org: org, plan: planID, kind: "plan.\(action.rawValue)", actor: caller.userID,
                data: TransitionEvent(action: action.rawValue, from: plan.state.rawValue, to: next.rawValue, comment: comment))
            return PlanView(plan: updated, allowedActions: try Self.allowedActions(tx, caller: caller, plan: updated, tree: tree))
        }
    }

    /// Gathers what the guard of `action` needs to know.
    private static func guardFacts(
        _ tx: PostgresTransaction, org: UUID, plan: PlanRecord, action: PlanAction, actor: UUID, tree: UnitTree, comment: String?
    ) throws -> GuardFacts {
        var facts = GuardFacts(toleranceBps: plan.toleranceBps, comment: comment, requiredApprovals: plan.requiredApprovals)
        switch action {
        case .publish:
            facts.goalExistsForScope = try !tx.query(
                "SELECT 1 FROM goals WHERE org_id = \(org) AND plan_id = \(plan.id) AND unit_id = \(plan.unitID)").isEmpty
        case .submitForApproval:
            let assignments = try tx.query(
                """
                SELECT a.unit_id, a.state, a.agreed::text, u.name FROM assignments a
                JOIN users u ON u.org_id = a.org_id AND u.user_id = a.rep_id
                WHERE a.org_id = \(org) AND a.plan_id = \(plan.id) ORDER BY u.name
                """)
            facts.assignmentCount = assignments.count
            // Exact running sums: many reps with large agreed values must fail the guard, not trap.
            var agreedByUnit: [UUID: [String: ExactSum]] = [:]
            for row in assignments {
                let (unit, state, agreed, repName) = try row.decode((UUID, AssignmentState, JSONColumn<MonthlyValues>?, String).self)
                if state != .agreed {
                    facts.unagreedAssignments.append(repName)
                } else if let agreed {
                    for (metric, months) in agreed.value {
                        agreedByUnit[unit, default: [:]][metric, default: ExactSum()].add(ExactSum(months))
                    }
                }
            }
            let goals = try tx.query(
                """
                SELECT g.unit_id, g."values"::text, u.name FROM goals g JOIN units u ON u.org_id = g.org_id AND u.unit_id = g.unit_id
                WHERE g.org_id = \(org) AND g.plan_id = \(plan.id) ORDER BY u.name
                """)
            for row in goals {
                let (unit, values, unitName) = try row.decode((UUID, JSONColumn<MonthlyValues>, String).self)
                let units = tree.subtree(of: unit)
                for (metric, months) in values.value.sorted(by: { $0.key < $1.key }) {
                    var agreed = ExactSum()
                    for unit in units { agreed.add(agreedByUnit[unit]?[metric] ?? ExactSum()) }
                    // Goals are validated to sum within the range; a stored one that does not is reported as such.
                    facts.goalChecks.append(
                        GuardFacts.GoalCheck(
                            unitName: unitName, metric: metric,
                            goal: WideArithmetic.exactSum(months) ?? MetricValues.maxValue, agreedSum: agreed.value))
                }
            }
        case .approve:
            let rows = try tx.query(
                """
                SELECT DISTINCT actor_id FROM approvals
                WHERE org_id = \(org) AND plan_id = \(plan.id) AND subject = 'plan' AND decision = 'approved'
                  AND seq > coalesce((SELECT max(seq) FROM approvals WHERE org_id = \(org) AND plan_id = \(plan.id)
                                      AND subject = 'plan' AND decision = 'submitted'), 0)
                """)
            let approvers: Set<UUID> = Set(try rows.map { try $0.decode(UUID.self) })
            facts.actorAlreadyApproved = approvers.contains(actor)
            facts.approvalsSoFar = approvers.subtracting([actor]).count
        case .openDiscussion, .reject, .archive:
            break
        }
        return facts
    }

    /// One assignment per rep in the scope's subtree, with the rep's ramp months in the plan.
    private static func createAssignments(_ tx: PostgresTransaction, org: UUID, plan: PlanRecord, tree: UnitTree) throws {
        let reps = try tx.query(
            """
            SELECT user_id, unit_id, hired_on::text FROM users
            WHERE org_id = \(org) AND role = 'rep' AND unit_id = ANY(\(tree.subtree(of: plan.unitID))::uuid[])
            """)
        var ids: [UUID] = []
        var units: [UUID] = []
        var ramps: [Int] = []
        for row in reps {
            let (id, unit, hired) = try row.decode((UUID, UUID, LocalDate).self)
            ids.append(id)
            units.append(unit)
            ramps.append(Ramp.months(hiredOn: hired, start: plan.startMonth, planMonths: plan.months, rampMonths: plan.rampMonths))
        }
        try tx.execute(
            """
            INSERT INTO assignments (org_id, plan_id, rep_id, unit_id, ramp_months_in_plan, last_year_annuals)
            SELECT \(org), \(plan.id), r.rep, r.unit, r.ramp, coalesce(ly.totals, '{}')
            FROM unnest(\(ids)::uuid[], \(units)::uuid[], \(ramps)::int[]) AS r(rep, unit, ramp)
            LEFT JOIN parley_last_year(\(org), \(ids)::uuid[], \(plan.startMonth.firstDay.description)::date) AS ly
                ON ly.rep_id = r.rep
            ON CONFLICT DO NOTHING
            """)
        try tx.execute(AssignmentFigures.refresh(org: org, plan: plan.id))
    }

    static func record(
        _ tx: PostgresTransaction, org: UUID, plan: UUID, subject: String, subjectID: UUID, decision: String, actor: UUID,
        comment: String?
    ) throws {
        try tx.execute(
            """
            INSERT INTO approvals (org_id, approval_id, plan_id, subject, subject_id, decision, actor_id, comment)
            VALUES (\(org), \(UUID()), \(plan), \(subject), \(subjectID), \(decision), \(actor), \(comment))
            """)
    }

    /// Every decision on the plan and its adjustments, oldest first. Reps see the plan's decisions only:
    /// adjustment reasons talk about other reps.
    public func approvals(caller: Caller, plan planID: UUID) async throws -> [ApprovalRecord] {
        try await transaction(caller.orgID) { tx in
            _ = try tx.plan(planID, org: caller.orgID)
            return try tx.query(
                """
                SELECT approval_id, subject, subject_id, decision, actor_id, comment, at FROM approvals
                WHERE org_id = \(caller.orgID) AND plan_id = \(planID) AND (\(caller.role != .rep) OR subject = 'plan')
                ORDER BY seq
                """
            ).map {
                let (id, subject, subjectID, decision, actor, comment, at) = try $0.decode(
                    (UUID, String, UUID, String, UUID, String?, Date).self)
                return ApprovalRecord(
                    id: id, subject: subject, subjectID: subjectID, decision: decision, actorID: actor, comment: comment, at: at)
            }
        }
    }
}

struct TransitionEvent: Encodable, Sendable {
    var action: String
    var from: String
    var to: String
    var comment: String?
}
