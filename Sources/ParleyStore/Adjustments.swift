import Foundation
import ParleyDomain
import Postgres

/// One requested change to a locked plan.
public struct AdjustmentChange: Sendable, Codable, Hashable {
    /// The rep whose target changes.
    public var repID: UUID
    public var metric: String
    /// The month (`YYYY-MM`).
    public var month: String
    /// The new value.
    public var value: Int64
    /// The agreed value before the change (filled by the server).
    public var before: Int64?

    enum CodingKeys: String, CodingKey {
        case repID = "rep_id"
        case metric, month, value, before
    }

    /// Creates a change.
    public init(repID: UUID, metric: String, month: String, value: Int64, before: Int64? = nil) {
        self.repID = repID
        self.metric = metric
        self.month = month
        self.value = value
        self.before = before
    }
}

/// How an adjustment moves a unit's agreed total against its goal.
public struct AdjustmentImpact: Sendable, Codable, Hashable {
    /// The unit (one with a goal, above a changed rep).
    public var unitID: UUID
    public var metric: String
    /// The unit's goal (annual).
    public var goal: Int64
    /// Agreed total over the unit's subtree before.
    public var agreedBefore: Int64
    /// ... and after.
    public var agreedAfter: Int64

    enum CodingKeys: String, CodingKey {
        case unitID = "unit_id"
        case metric, goal
        case agreedBefore = "agreed_before"
        case agreedAfter = "agreed_after"
    }
}

/// A requested change to a locked plan, decided by an approver who is not the requester.
public struct AdjustmentRecord: Sendable {
    public var id: UUID
    /// pending, approved, rejected or withdrawn.
    public var state: AdjustmentState
    /// Who asked.
    public var requestedBy: UUID
    /// Why.
    public var reason: String
    /// The changes, with `before`.
    public var changes: [AdjustmentChange]
    /// The effect on each unit's goal.
    public var impact: [AdjustmentImpact]
    /// When it was asked.
    public var createdAt: Date

    static let columns: SQL = "adjustment_id, state, requested_by, reason, changes::text, impact::text, created_at"

    init(row: PostgresRow) throws {
        let changes: JSONColumn<[AdjustmentChange]>
        let impact: JSONColumn<[AdjustmentImpact]>
        (id, state, requestedBy, reason, changes, impact, createdAt) = try row.decode(
            (UUID, AdjustmentState, UUID, String, JSONColumn<[AdjustmentChange]>, JSONColumn<[AdjustmentImpact]>, Date)
                .self, at: 0)
        self.changes = changes.value
        self.impact = impact.value
    }
}

/// One revision of a rep's targets: 1 is the plan as locked, each approved adjustment adds one.
public struct RevisionRecord: Sendable {
    /// Revision number.
    public var revision: Int
    /// The adjustment that made it (nil for revision 1).
    public var adjustmentID: UUID?
    /// When.
    public var at: Date
    /// The values in force from then on.
    public var values: MonthlyValues
}

extension Store {
    /// Requests an adjustment of a locked plan (a manager of every rep concerned, or a leader).
    public func requestAdjustment(
        caller: Caller, plan planID: UUID, reason: String, changes: [AdjustmentChange], today: LocalDate
    ) async throws -> AdjustmentRecord {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            // Another org's plan stays a 404. Then authorization comes before validation, so the errors never
            // tell a caller which reps exist in the plan or which months are their ramp months.
            let plan = try tx.plan(planID, org: org, lock: true)
            guard [.leader, .manager].contains(caller.role) else {
                throw StoreError.forbidden("only a leader or a manager of every rep concerned may request this")
            }
            let tree = try tx.unitTree(org: org)
            let assignments = try Self.agreedValues(tx, org: org, plan: planID, reps: Array(Set(changes.map(\.repID))))
            // A manager may name only reps they manage; one that is not in the plan (or not in the org) is refused
            // the same way, so its existence is not revealed. Leaders see every assignment anyway.
            if caller.role == .manager {
                let repUnits = try changes.map { change -> UUID in
                    guard let unit = assignments[change.repID]?.unit else {
                        throw StoreError.forbidden("only a leader or a manager of every rep concerned may request this")
                    }
                    return unit
                }
                guard Permissions.mayRequestAdjustment(caller.viewer, repUnits: repUnits, tree: tree) else {
                    throw StoreError.forbidden("only a leader or a manager of every rep concerned may request this")
                }
            }
            guard Adjustments.mayRequest(planState: plan.state) else {
                throw StoreError.invalidState("adjustments need a locked plan; it is \(plan.state.rawValue)")
            }
            var errors: [FieldError] = []
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(FieldError(field: "reason", message: "is required"))
            } else if reason.unicodeScalars.count > 10_000 {  // code points, as PostgreSQL's length() counts
                errors.append(FieldError(field: "reason", message: "must be at most 10000 characters"))
            }
            if changes.isEmpty { errors.append(FieldError(field: "changes", message: "must list at least one change")) }
            var seen: Set<String> = []
            var months: [YearMonth] = []
            for (index, change) in changes.enumerated() {
                let path = "changes[\(index)]"
                if assignments[change.repID] == nil {
                    errors.append(FieldError(field: "\(path).rep_id", message: "has no assignment in this plan"))
                }
                if !plan.metrics.contains(where: { $0.key == change.metric }) {
                    errors.append(FieldError(field: "\(path).metric", message: "the plan has no metric \(change.metric)"))
                }
                if let month = YearMonth(change.month), let index = plan.monthList.firstIndex(of: month) {
                    months.append(month)
                    // An adjustment is held to the ramp like any proposal: post-ramp metrics stay 0 in ramp months.
                    if change.value != 0, let assignment = assignments[change.repID],
                        let metric = plan.metrics.first(where: { $0.key == change.metric }),
                        !metric.applies.allowsValue(inRampMonth: index < assignment.rampMonths)
                    {
                        let when = index < assignment.rampMonths ? "in a ramp month" : "after the ramp"
                        errors.append(
                            FieldError(field: "\(path).value", message: "\(change.metric) must be 0 \(when) of this rep"))
                    }
                } else {
                    errors.append(FieldError(field: "\(path).month", message: "must be a month of the plan (YYYY-MM)"))
                }
                if change.value < 0 { errors.append(FieldError(field: "\(path).value", message: "must not be negative")) }
                if !seen.insert("\(change.repID)|\(change.metric)|\(change.month)").inserted {
                    errors.append(FieldError(field: path, message: "changes the same rep, metric and month twice"))
                }
            }
            guard errors.isEmpty else { throw StoreError.validation(errors) }
            let failures = Adjustments.monthFailures(months, today: today)
            guard failures.isEmpty else { throw StoreError.guardFailed(failures) }
            let (withBefore, after) = try Self.apply(changes, to: assignments, plan: plan)
            let impact = try Self.impact(tx, org: org, plan: plan, tree: tree, changes: withBefore, after: after)
            let id = UUID()
            let row = try tx.one(
                """
                INSERT INTO adjustments (org_id, adjustment_id, plan_id, requested_by, reason, changes, impact)
                VALUES (\(org), \(id), \(planID), \(caller.userID), \(reason), \(try JSONCoding.encode(withBefore))::jsonb,
                        \(try JSONCoding.encode(impact))::jsonb)
                RETURNING \(AdjustmentRecord.columns)
                """)
            try Self.record(tx, org: org, plan: planID, subject: "adjustment", subjectID: id, decision: "submitted", actor: caller.userID, comment: reason)
            try Events.append(
                tx, org: org, plan: planID, kind: "adjustment.requested", actor: caller.userID,
                data: ["adjustment_id": id.uuidString.lowercased(), "reason": reason])
            return try AdjustmentRecord(row: row)
        }
    }

    /// Approves, rejects or withdraws a pending adjustment; approval applies every change and records revisions.
    public func decideAdjustment(
        caller: Caller, plan planID: UUID, adjustment adjustmentID: UUID, action: AdjustmentAction, comment: String?,
        today: LocalDate
    ) async throws -> AdjustmentRecord {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org, lock: true)
            // Only approvers decide and only requesters (leaders or managers) withdraw: anyone else is refused
            // before the adjustment is looked up, so its existence is not revealed.
            guard plan.approverIDs.contains(caller.userID) || [.leader, .manager].contains(caller.role) else {
                throw StoreError.forbidden("you may not \(action.rawValue) this adjustment")
            }
            let adjustment = try AdjustmentRecord(
                row: tx.one(
                    """
                    SELECT \(AdjustmentRecord.columns) FROM adjustments
                    WHERE org_id = \(org) AND plan_id = \(planID) AND adjustment_id = \(adjustmentID) FOR UPDATE
                    """))
            let next: AdjustmentState
            do throws(AdjustmentError) {
                next = try Adjustments.decide(
                    action, in: adjustment.state, isApprover: plan.approverIDs.contains(caller.userID),
                    isRequester: adjustment.requestedBy == caller.userID, comment: comment)
            } catch {
                switch error {
                case .forbidden: throw StoreError.forbidden("you may not \(action.rawValue) this adjustment")
                case .invalidState(let detail): throw StoreError.invalidState(detail)
                case .guardFailed(let reasons): throw StoreError.guardFailed(reasons)
                }
            }
            if next == .approved {
                guard plan.state == .locked else { throw StoreError.invalidState("the plan is \(plan.state.rawValue), not locked") }
                let failures = Adjustments.monthFailures(adjustment.changes.compactMap { YearMonth($0.month) }, today: today)
                guard failures.isEmpty else { throw StoreError.guardFailed(failures) }
                let current = try Self.agreedValues(tx, org: org, plan: planID, reps: Array(Set(adjustment.changes.map(\.repID))))
                let (_, after) = try Self.apply(adjustment.changes, to: current, plan: plan)
                // Other adjustments may have been approved since the request: the totals must still be exact.
                _ = try Self.impact(
                    tx, org: org, plan: plan, tree: try tx.unitTree(org: org), changes: adjustment.changes,
                    after: after)
                for (rep, values) in after.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                    // Two statements, as in approving a plan: Citus would COPY from a data-modifying CTE.
                    try tx.execute(
                        """
                        UPDATE assignments SET agreed = \(try JSONCoding.encode(values))::jsonb, revision = revision + 1,
                            version = version + 1, updated_at = now()
                        WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep)
                        """)
                    try tx.execute(
                        """
                        INSERT INTO revisions (org_id, plan_id, rep_id, revision, adjustment_id, "values")
                        SELECT org_id, plan_id, rep_id, revision, \(adjustmentID), agreed FROM assignments
                        WHERE org_id = \(org) AND plan_id = \(planID) AND rep_id = \(rep)
                        """)
                }
                try tx.execute(AssignmentFigures.refresh(org: org, plan: planID, reps: Array(after.keys)))
            }
            let decision = action == .withdraw ? "withdrawn" : next.rawValue
            try Self.record(tx, org: org, plan: planID, subject: "adjustment", subjectID: adjustmentID, decision: decision, actor: caller.userID, comment: comment)
            let row = try tx.one(
                """
                UPDATE adjustments SET state = \(next.rawValue), decided_at = now()
                WHERE org_id = \(org) AND adjustment_id = \(adjustmentID)
                RETURNING \(AdjustmentRecord.columns)
                """)
            try Events.append(
                tx, org: org, plan: planID, kind: "adjustment.\(next.rawValue)", actor: caller.userID,
                data: ["adjustment_id": adjustmentID.uuidString.lowercased(), "comment": comment ?? ""])
            return try AdjustmentRecord(row: row)
        }
    }

    /// A page of a plan's adjustments, oldest first.
    public func adjustments(caller: Caller, plan planID: UUID) async throws -> [AdjustmentRecord] {
        try await transaction(caller.orgID) { tx in
            let plan = try tx.plan(planID, org: caller.orgID)
            try Self.requireWholePlanReader(tx, caller: caller, plan: plan)
            return try tx.query(
                "SELECT \(AdjustmentRecord.columns) FROM adjustments WHERE org_id = \(caller.orgID) AND plan_id = \(planID) ORDER BY seq"
            ).map(AdjustmentRecord.init(row:))
        }
    }

    /// A rep's revisions, oldest first (if the caller may see the assignment).
    public func revisions(caller: Caller, plan planID: UUID, rep: UUID) async throws -> [RevisionRecord] {
        try await transaction(caller.orgID) { tx in
            _ = try tx.plan(planID, org: caller.orgID)
            _ = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: rep, lock: false)
            return try tx.query(
                """
                SELECT revision, adjustment_id, at, "values"::text FROM revisions
                WHERE org_id = \(caller.orgID) AND plan_id = \(planID) AND rep_id = \(rep) ORDER BY revision
                """
            ).map {
                let (revision, adjustment, at, values) = try $0.decode((Int, UUID?, Date, JSONColumn<MonthlyValues>).self)
                return RevisionRecord(revision: revision, adjustmentID: adjustment, at: at, values: values.value)
            }
        }
    }

    /// Current agreed values, unit and ramp months of each rep's assignment.
    private static func agreedValues(_ tx: PostgresTransaction, org: UUID, plan: UUID, reps: [UUID]) throws
        -> [UUID: (unit: UUID, values: MonthlyValues, rampMonths: Int)]
    {
        var result: [UUID: (unit: UUID, values: MonthlyValues, rampMonths: Int)] = [:]
        for row in try tx.query(
            """
            SELECT rep_id, unit_id, coalesce(agreed, '{}')::text, ramp_months_in_plan FROM assignments
            WHERE org_id = \(org) AND plan_id = \(plan) AND rep_id = ANY(\(reps)::uuid[]) FOR UPDATE
            """)
        {
            let (rep, unit, values, rampMonths) = try row.decode((UUID, UUID, JSONColumn<MonthlyValues>, Int).self)
            result[rep] = (unit, values.value, rampMonths)
        }
        return result
    }

    /// The changes with their `before` values, and each changed rep's values after all changes.
    private static func apply(
        _ changes: [AdjustmentChange], to current: [UUID: (unit: UUID, values: MonthlyValues, rampMonths: Int)],
        plan: PlanRecord
    ) throws -> ([AdjustmentChange], [UUID: MonthlyValues]) {
        var after: [UUID: MonthlyValues] = [:]
        var withBefore: [AdjustmentChange] = []
        let monthList = plan.monthList
        for change in changes {
            guard let assignment = current[change.repID], let month = YearMonth(change.month),
                let index = monthList.firstIndex(of: month)
            else { throw StoreError.invalid("changes", "no longer matches the plan") }
            var values = after[change.repID] ?? assignment.values
            var months = values[change.metric] ?? Array(repeating: 0, count: plan.months)
            guard months.indices.contains(index) else {
                throw StoreError.invalid("changes", "no longer matches the plan")
            }
            var recorded = change
            recorded.before = months[index]
            months[index] = change.value
            values[change.metric] = months
            after[change.repID] = values
            withBefore.append(recorded)
        }
        // Each rep's annual total must stay exact, like any proposal's: the last change to it is named.
        var errors: [FieldError] = []
        var checked: Set<String> = []
        for (index, change) in changes.enumerated().reversed() {
            guard checked.insert("\(change.repID)|\(change.metric)").inserted else { continue }
            if WideArithmetic.exactSum(after[change.repID]?[change.metric] ?? []) == nil {
                errors.append(
                    FieldError(
                        field: "changes[\(index)].value",
                        message: "the rep's \(change.metric) months would sum beyond \(MetricValues.maxValue)"))
            }
        }
        guard errors.isEmpty else { throw StoreError.validation(errors.reversed()) }
        return (withBefore, after)
    }

    /// For every unit with a goal above a changed rep: goal, agreed total before and after, per changed metric.
    private static func impact(
        _ tx: PostgresTransaction, org: UUID, plan: PlanRecord, tree: UnitTree, changes: [AdjustmentChange],
        after: [UUID: MonthlyValues]
    ) throws -> [AdjustmentImpact] {
        var goals: [UUID: MonthlyValues] = [:]
        for row in try tx.query(
            "SELECT unit_id, \"values\"::text FROM goals WHERE org_id = \(org) AND plan_id = \(plan.id)")
        {
            let (unit, values) = try row.decode((UUID, JSONColumn<MonthlyValues>).self)
            goals[unit] = values.value
        }
        var agreed: [AgreedTargets] = []
        for row in try tx.query(
            "SELECT rep_id, unit_id, coalesce(agreed, '{}')::text FROM assignments WHERE org_id = \(org) AND plan_id = \(plan.id)")
        {
            let (rep, unit, values) = try row.decode((UUID, UUID, JSONColumn<MonthlyValues>).self)
            agreed.append(AgreedTargets(repID: rep, unitID: unit, values: values.value))
        }
        do throws(ValidationError) {
            return try Adjustments.impact(
                goals: goals, tree: tree, agreed: agreed, after: after, metrics: Set(changes.map(\.metric))
            ).map {
                AdjustmentImpact(
                    unitID: $0.unitID, metric: $0.metric, goal: $0.goal, agreedBefore: $0.agreedBefore,
                    agreedAfter: $0.agreedAfter)
            }
        } catch {
            throw StoreError.validation(error.errors)
        }
    }
}
