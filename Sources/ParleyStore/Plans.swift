import Foundation
import ParleyDomain
import Postgres

/// A plan as stored.
public struct PlanRecord: Sendable {
    public var id: UUID
    public var name: String
    /// The root of the plan's scope.
    public var unitID: UUID
    /// First month.
    public var startMonth: YearMonth
    /// Number of months.
    public var months: Int
    /// ISO 4217 currency of `currency` metrics.
    public var currency: String
    /// The metrics planned.
    public var metrics: [MetricDefinition]
    /// Months a new rep ramps.
    public var rampMonths: Int
    /// Stretch above which reconciliation flags a rep, in bps.
    public var stretchLimitBps: Int64
    /// Tolerance of agreed sums against goals, in bps.
    public var toleranceBps: Int64
    /// Who may approve.
    public var approverIDs: [UUID]
    /// Distinct approvals needed to lock.
    public var requiredApprovals: Int
    /// Workflow state.
    public var state: PlanState
    /// Who submitted the pending approval round.
    public var submittedBy: UUID?
    /// Optimistic-concurrency version.
    public var version: Int64
    /// Creator.
    public var createdBy: UUID
    /// Creation time.
    public var createdAt: Date

    static let columns: SQL = """
        plan_id, name, unit_id, parley_iso_month(start_month), months, currency, metrics::text, ramp_months,
        stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, state, submitted_by, version, created_by, created_at
        """

    /// Plans are read on nearly every request, and their metrics rarely change.
    private static let metricsCache = DecodedCache<[MetricDefinition]>(capacity: 1_024)

    init(row: PostgresRow) throws {
        let metrics: String
        (
            id, name, unitID, startMonth, months, currency, metrics, rampMonths, stretchLimitBps, toleranceBps,
            approverIDs, requiredApprovals, state, submittedBy, version, createdBy, createdAt
        ) = try row.decode(
            (
                UUID, String, UUID, YearMonth, Int, String, String, Int, Int64, Int64, [UUID],
                Int, PlanState, UUID?, Int64, UUID, Date
            ).self, at: 0)
        self.metrics = try Self.metricsCache.value(for: metrics) { try JSONCoding.decode([MetricDefinition].self, $0) }
    }

    /// The plan's months in order.
    public var monthList: [YearMonth] { (0..<months).map { startMonth.adding(months: $0) } }
}

/// A plan with what the caller may do with it now.
public struct PlanView: Sendable {
    public var plan: PlanRecord
    /// Workflow actions the caller may take from the current state.
    public var allowedActions: [PlanAction]
}

extension Store {
    /// Creates a plan in `draft` (leader, or manager of the scope unit).
    public func createPlan(caller: Caller, _ fields: PlanFields) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let tree = try tx.unitTree(org: org)
            guard let unitID = fields.unitID, tree.contains(unitID) else { throw StoreError.invalid("unit_id", "no such unit") }
            guard Permissions.mayCreatePlan(caller.viewer, unit: unitID, tree: tree) else {
                throw StoreError.forbidden("only a leader or a manager of the unit may create its plan")
            }
            var approvers = fields.approverIDs
            if approvers == nil {
                approvers = try tx.query("SELECT user_id FROM users WHERE org_id = \(org) AND role = 'leader' ORDER BY user_id")
                    .map { try $0.decode(UUID.self) }
            }
            let plan = try Self.settings(fields, approvers: approvers ?? [], tx: tx, org: org)
            let row = try tx.one(
                """
                INSERT INTO plans (org_id, plan_id, name, unit_id, start_month, months, currency, metrics, ramp_months,
                    stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, created_by)
                VALUES (\(org), \(UUID()), \(plan.name), \(plan.unitID), \(plan.startMonth.description + "-01")::date, \(plan.months),
                    \(plan.currency), \(try JSONCoding.encode(plan.metrics))::jsonb, \(plan.rampMonths), \(plan.stretchLimitBps),
                    \(plan.toleranceBps), \(plan.approverIDs)::uuid[], \(plan.requiredApprovals), \(caller.userID))
                RETURNING \(PlanRecord.columns)
                """)
            let record = try PlanRecord(row: row)
            try Events.startChain(tx, org: org, plan: record.id)
            try Events.append(tx, org: org, plan: record.id, kind: "plan.created", actor: caller.userID, data: ["name": record.name])
            return PlanView(plan: record, allowedActions: try Self.allowedActions(tx, caller: caller, plan: record, tree: tree))
        }
    }

    /// Checks a complete set of plan fields, filling defaults (`PlanSettings`), with the facts it needs
    /// from the database: which of the named approvers are the org's leaders or managers.
    private static func settings(_ fields: PlanFields, approvers: [UUID], tx: PostgresTransaction, org: UUID) throws
        -> PlanSettings
    {
        let unique = PlanSettings.distinct(approvers)
        // Approving is a decision: leaders and managers take it, never reps, viewers (read-only) or admins.
        let eligible = try tx.query(
            """
            SELECT user_id FROM users
            WHERE org_id = \(org) AND user_id = ANY(\(unique)::uuid[]) AND role IN ('leader', 'manager')
            """
        ).map { try $0.decode(UUID.self) }
        do throws(ValidationError) {
            return try PlanSettings(fields, approvers: unique, eligibleApprovers: Set(eligible))
        } catch {
            throw StoreError.validation(error.errors)
        }
    }

    /// One plan with the caller's allowed actions.
    public func plan(caller: Caller, id: UUID) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            // Only a manager's actions need another read (of the unit tree); anyone else's request is this one
            // statement, sent with the transaction's BEGIN and COMMIT in one round trip.
            let plan = try tx.plan(id, org: caller.orgID, commit: caller.role != .manager)
            return PlanView(plan: plan, allowedActions: try Self.allowedActions(tx, caller: caller, plan: plan, tree: nil))
        }
    }

    /// A page of plans, optionally in one state, ordered by id.
    public func plans(caller: Caller, state: PlanState?, limit: Int, cursor: String?) async throws -> Page<PlanView> {
        let after = try Cursor.decode(cursor)
        return try await transaction(caller.orgID) { tx in
            let rows = try tx.query(
                """
                SELECT \(PlanRecord.columns) FROM plans
                WHERE org_id = \(caller.orgID) AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)::text)
                  AND (\(after)::uuid IS NULL OR plan_id > \(after)::uuid)
                ORDER BY plan_id LIMIT \(limit + 1)
                """)
            let plans = try rows.map(PlanRecord.init(row:))
            let tree = try tx.unitTree(org: caller.orgID)
            let views = try plans.map { PlanView(plan: $0, allowedActions: try Self.allowedActions(tx, caller: caller, plan: $0, tree: tree)) }
            return Cursor.page(views, limit: limit, id: \.plan.id)
        }
    }

    /// Changes a draft plan's fields.
    public func updatePlan(caller: Caller, id: UUID, version: Int64, _ changes: PlanFields) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let current = try tx.plan(id, org: org, lock: true)
            let tree = try tx.unitTree(org: org)
            guard Permissions.mayEditPlan(caller.viewer, scopeUnit: current.unitID, tree: tree) else {
                throw StoreError.forbidden("only a leader or a manager of the plan's scope may edit it")
            }
            guard current.version == version else { throw StoreError.versionConflict(current: current.version) }
            guard current.state == .draft else { throw StoreError.invalidState("only a draft plan can be edited; it is \(current.state.rawValue)") }
            if let unit = changes.unitID {
                guard tree.contains(unit) else { throw StoreError.invalid("unit_id", "no such unit") }
                guard Permissions.mayCreatePlan(caller.viewer, unit: unit, tree: tree) else {
                    throw StoreError.forbidden("you may not move the plan to that unit")
                }
            }
            let merged = PlanFields(
                name: changes.name ?? current.name, unitID: changes.unitID ?? current.unitID,
                startMonth: changes.startMonth ?? current.startMonth, months: changes.months ?? current.months,
                currency: changes.currency ?? current.currency, metrics: changes.metrics ?? current.metrics,
                rampMonths: changes.rampMonths ?? current.rampMonths, stretchLimitBps: changes.stretchLimitBps ?? current.stretchLimitBps,
                toleranceBps: changes.toleranceBps ?? current.toleranceBps, approverIDs: changes.approverIDs ?? current.approverIDs,
                requiredApprovals: changes.requiredApprovals ?? current.requiredApprovals)
            let plan = try Self.settings(merged, approvers: merged.approverIDs ?? [], tx: tx, org: org)
            let goalCount = try tx.query("SELECT count(*) FROM goals WHERE org_id = \(org) AND plan_id = \(id)")[0].decode(Int.self)
            if goalCount > 0 && (plan.months != current.months || plan.metrics != current.metrics) {
                throw StoreError.invalidState("months and metrics cannot change once goals exist")
            }
            let row = try tx.one(
                """
                UPDATE plans SET name = \(plan.name), unit_id = \(plan.unitID), start_month = \(plan.startMonth.description + "-01")::date,
                    months = \(plan.months), currency = \(plan.currency), metrics = \(try JSONCoding.encode(plan.metrics))::jsonb,
                    ramp_months = \(plan.rampMonths), stretch_limit_bps = \(plan.stretchLimitBps), tolerance_bps = \(plan.toleranceBps),
                    approver_ids = \(plan.approverIDs)::uuid[], required_approvals = \(plan.requiredApprovals), version = version + 1
                WHERE org_id = \(org) AND plan_id = \(id)
                RETURNING \(PlanRecord.columns)
                """)
            let record = try PlanRecord(row: row)
            try Events.append(tx, org: org, plan: id, kind: "plan.updated", actor: caller.userID, data: ["version": record.version])
            return PlanView(plan: record, allowedActions: try Self.allowedActions(tx, caller: caller, plan: record, tree: tree))
        }
    }

    /// The actions the caller may take on the plan now.
    static func allowedActions(_ tx: PostgresTransaction, caller: Caller, plan: PlanRecord, tree: UnitTree?) throws -> [PlanAction] {
        // The workflow asks whether the actor manages the scope only of managers (Workflow.swift): spare the
        // recursive query, a round trip on every plan read, for everyone else.
        let tree = try tree ?? (caller.role == .manager ? tx.ancestry(of: plan.unitID, org: caller.orgID) : .empty)
        let actor = Permissions.planActor(
            caller.viewer, scopeUnit: plan.unitID, tree: tree, approverIDs: Set(plan.approverIDs),
            submitterID: plan.submittedBy)
        return Workflow.allowedActions(in: plan.state, for: actor)
    }
}
