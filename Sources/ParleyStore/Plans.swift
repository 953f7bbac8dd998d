import Foundation
import ParleyDomain
import Postgres

/// Metric values per metric key, one value per plan month.
public typealias MonthlyValues = [String: [Int64]]

/// A plan as stored.
public struct PlanRecord: Sendable {
    /// Id.
    public var id: UUID
    /// Name.
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

    static let columns = """
        plan_id, name, unit_id, parley_iso_month(start_month), months, currency, metrics::text, ramp_months,
        stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, state, submitted_by, version, created_by, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(0)
        name = try row.decode(1)
        unitID = try row.decode(2)
        startMonth = try YearMonth(try row.decode(3, as: String.self)).orThrow()
        months = try row.decode(4)
        currency = try row.decode(5)
        metrics = try JSONCoding.decode([MetricDefinition].self, try row.decode(6))
        rampMonths = try row.decode(7)
        stretchLimitBps = try row.decode(8)
        toleranceBps = try row.decode(9)
        approverIDs = try row.decodeArray(10)
        requiredApprovals = try row.decode(11)
        state = try PlanState(rawValue: try row.decode(12)).orThrow()
        submittedBy = try row.decode(13)
        version = try row.decode(14)
        createdBy = try row.decode(15)
        createdAt = try row.decode(16)
    }

    /// The plan's months in order.
    public var monthList: [YearMonth] { (0..<months).map { startMonth.adding(months: $0) } }
}

/// A plan with what the caller may do with it now.
public struct PlanView: Sendable {
    /// The plan.
    public var plan: PlanRecord
    /// Workflow actions the caller may take from the current state.
    public var allowedActions: [PlanAction]
}

/// The fields of a plan a client sets (on create, all; on PATCH, those present).
public struct PlanFields: Sendable {
    /// Name.
    public var name: String?
    /// Scope unit.
    public var unitID: UUID?
    /// First month.
    public var startMonth: YearMonth?
    /// Number of months.
    public var months: Int?
    /// Currency.
    public var currency: String?
    /// Metrics.
    public var metrics: [MetricDefinition]?
    /// Ramp months.
    public var rampMonths: Int?
    /// Stretch limit.
    public var stretchLimitBps: Int64?
    /// Tolerance.
    public var toleranceBps: Int64?
    /// Approvers.
    public var approverIDs: [UUID]?
    /// Required approvals.
    public var requiredApprovals: Int?

    /// Creates a field set.
    public init(
        name: String? = nil, unitID: UUID? = nil, startMonth: YearMonth? = nil, months: Int? = nil, currency: String? = nil,
        metrics: [MetricDefinition]? = nil, rampMonths: Int? = nil, stretchLimitBps: Int64? = nil,
        toleranceBps: Int64? = nil, approverIDs: [UUID]? = nil, requiredApprovals: Int? = nil
    ) {
        self.name = name
        self.unitID = unitID
        self.startMonth = startMonth
        self.months = months
        self.currency = currency
        self.metrics = metrics
        self.rampMonths = rampMonths
        self.stretchLimitBps = stretchLimitBps
        self.toleranceBps = toleranceBps
        self.approverIDs = approverIDs
        self.requiredApprovals = requiredApprovals
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> any Error = StoreError.notFound) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}

/// JSON for jsonb columns and event data: sorted keys, so equal values give equal text, and lower-case UUIDs.
enum JSONCoding {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

extension Caller {
    /// The caller as the domain's permission rules see it.
    public var viewer: Viewer { Viewer(userID: userID, role: role, unitID: unitID) }
}

extension Store {
    /// Creates a plan in `draft` (leader, or manager of the scope unit).
    public func createPlan(caller: Caller, _ fields: PlanFields) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let tree = try Self.unitTree(tx, org: org)
            guard let unitID = fields.unitID, tree.contains(unitID) else { throw StoreError.invalid("unit_id", "no such unit") }
            guard Permissions.mayCreatePlan(caller.viewer, unit: unitID, tree: tree) else {
                throw StoreError.forbidden("only a leader or a manager of the unit may create its plan")
            }
            var approvers = fields.approverIDs
            if approvers == nil {
                approvers = try tx.query("SELECT user_id FROM users WHERE org_id = \(org) AND role = 'leader' ORDER BY user_id")
                    .map { try $0.decode(0, as: UUID.self) }
            }
            let plan = try Self.validated(fields, approvers: approvers ?? [], tx: tx, org: org)
            let row = try tx.one(
                """
                INSERT INTO plans (org_id, plan_id, name, unit_id, start_month, months, currency, metrics, ramp_months,
                    stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, created_by)
                VALUES (\(org), \(UUID()), \(plan.name), \(unitID), \(plan.startMonth.description + "-01")::date, \(plan.months),
                    \(plan.currency), \(try JSONCoding.encode(plan.metrics))::jsonb, \(plan.rampMonths), \(plan.stretchLimitBps),
                    \(plan.toleranceBps), \(plan.approverIDs)::uuid[], \(plan.requiredApprovals), \(caller.userID))
                RETURNING \(unsafeSQL: PlanRecord.columns)
                """)
            let record = try PlanRecord(row: row)
            try Events.startChain(tx, org: org, plan: record.id)
            try Events.append(tx, org: org, plan: record.id, kind: "plan.created", actor: caller.userID, data: ["name": record.name])
            return PlanView(plan: record, allowedActions: try Self.allowedActions(tx, caller: caller, plan: record, tree: tree))
        }
    }

    /// Checks a complete set of plan fields, filling defaults.
    private static func validated(_ fields: PlanFields, approvers: [UUID], tx: PostgresTransaction, org: UUID) throws
        -> (name: String, startMonth: YearMonth, months: Int, currency: String, metrics: [MetricDefinition], rampMonths: Int,
            stretchLimitBps: Int64, toleranceBps: Int64, approverIDs: [UUID], requiredApprovals: Int)
    {
        var errors: [FieldError] = []
        let name = fields.name ?? ""
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.unicodeScalars.count > 200 {
            errors.append(FieldError(field: "name", message: "must be 1 to 200 characters"))
        }
        let months = fields.months ?? 12
        if !(1...36).contains(months) { errors.append(FieldError(field: "months", message: "must be 1 to 36")) }
        let currency = fields.currency ?? "CNY"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.append(FieldError(field: "currency", message: "must be an ISO 4217 code such as CNY"))
        }
        let metrics = fields.metrics ?? MetricDefinition.defaults
        errors += MetricDefinition.validate(metrics).map { $0.prefixed("metrics") }
        let rampMonths = fields.rampMonths ?? 3
        if !(0...36).contains(rampMonths) { errors.append(FieldError(field: "ramp_months", message: "must be 0 to 36")) }
        let stretch = fields.stretchLimitBps ?? 13_000
        if stretch < 0 { errors.append(FieldError(field: "stretch_limit_bps", message: "must not be negative")) }
        let tolerance = fields.toleranceBps ?? 100
        if !(0...10_000).contains(tolerance) {
            errors.append(FieldError(field: "tolerance_bps", message: "must be 0 to 10000"))
        }
        let required = fields.requiredApprovals ?? 1
        let uniqueApprovers = Array(NSOrderedSet(array: approvers)) as! [UUID]
        if uniqueApprovers.isEmpty {
            errors.append(FieldError(field: "approver_ids", message: "a plan needs at least one approver (the org has no leader)"))
        } else {
            // Approving is a decision: leaders and managers take it, never reps, viewers (read-only) or admins.
            let known = try tx.query(
                """
                SELECT count(*) FROM users
                WHERE org_id = \(org) AND user_id = ANY(\(uniqueApprovers)::uuid[]) AND role IN ('leader', 'manager')
                """)[0].decode(0, as: Int.self)
            if known != uniqueApprovers.count {
                errors.append(FieldError(field: "approver_ids", message: "must name leaders or managers of this organization"))
            }
        }
        if required < 1 || required > max(1, uniqueApprovers.count) {
            errors.append(FieldError(field: "required_approvals", message: "must be 1 to the number of approvers"))
        }
        guard errors.isEmpty, let start = fields.startMonth else {
            if fields.startMonth == nil { errors.append(FieldError(field: "start_month", message: "is required (YYYY-MM)")) }
            throw StoreError.validation(errors)
        }
        return (name, start, months, currency, metrics, rampMonths, stretch, tolerance, uniqueApprovers, required)
    }

    /// One plan with the caller's allowed actions.
    public func plan(caller: Caller, id: UUID) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            let plan = try Self.loadPlan(tx, org: caller.orgID, id: id)
            return PlanView(plan: plan, allowedActions: try Self.allowedActions(tx, caller: caller, plan: plan, tree: nil))
        }
    }

    /// A page of plans, optionally in one state, ordered by id.
    public func plans(caller: Caller, state: PlanState?, limit: Int, cursor: String?) async throws -> Page<PlanView> {
        let after = try Cursor.decode(cursor)
        return try await transaction(caller.orgID) { tx in
            let rows = try tx.query(
                """
                SELECT \(unsafeSQL: PlanRecord.columns) FROM plans
                WHERE org_id = \(caller.orgID) AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue)::text)
                  AND (\(after)::uuid IS NULL OR plan_id > \(after)::uuid)
                ORDER BY plan_id LIMIT \(limit + 1)
                """)
            let plans = try rows.map(PlanRecord.init(row:))
            let tree = try Self.unitTree(tx, org: caller.orgID)
            let views = try plans.map { PlanView(plan: $0, allowedActions: try Self.allowedActions(tx, caller: caller, plan: $0, tree: tree)) }
            return Cursor.page(views, limit: limit, id: \.plan.id)
        }
    }

    /// Changes a draft plan's fields.
    public func updatePlan(caller: Caller, id: UUID, version: Int64, _ changes: PlanFields) async throws -> PlanView {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let current = try Self.loadPlan(tx, org: org, id: id, lock: true)
            let tree = try Self.unitTree(tx, org: org)
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
            let plan = try Self.validated(merged, approvers: merged.approverIDs ?? [], tx: tx, org: org)
            let goalCount = try tx.query("SELECT count(*) FROM goals WHERE org_id = \(org) AND plan_id = \(id)")[0].decode(0, as: Int.self)
            if goalCount > 0 && (plan.months != current.months || plan.metrics != current.metrics) {
                throw StoreError.invalidState("months and metrics cannot change once goals exist")
            }
            let row = try tx.one(
                """
                UPDATE plans SET name = \(plan.name), unit_id = \(merged.unitID!), start_month = \(plan.startMonth.description + "-01")::date,
                    months = \(plan.months), currency = \(plan.currency), metrics = \(try JSONCoding.encode(plan.metrics))::jsonb,
                    ramp_months = \(plan.rampMonths), stretch_limit_bps = \(plan.stretchLimitBps), tolerance_bps = \(plan.toleranceBps),
                    approver_ids = \(plan.approverIDs)::uuid[], required_approvals = \(plan.requiredApprovals), version = version + 1
                WHERE org_id = \(org) AND plan_id = \(id)
                RETURNING \(unsafeSQL: PlanRecord.columns)
                """)
            let record = try PlanRecord(row: row)
            try Events.append(tx, org: org, plan: id, kind: "plan.updated", actor: caller.userID, data: ["version": record.version])
            return PlanView(plan: record, allowedActions: try Self.allowedActions(tx, caller: caller, plan: record, tree: tree))
        }
    }

    /// Reads a plan; `lock` takes `FOR UPDATE`, which (unlike `FOR NO KEY UPDATE`) conflicts with the
    /// `FOR KEY SHARE` that `Events.append` uses to re-check the state of a plan it did not lock.
    static func loadPlan(_ tx: PostgresTransaction, org: UUID, id: UUID, lock: Bool = false) throws -> PlanRecord {
        try PlanRecord(
            row: tx.one(
                """
                SELECT \(unsafeSQL: PlanRecord.columns) FROM plans WHERE org_id = \(org) AND plan_id = \(id)
                \(unsafeSQL: lock ? "FOR UPDATE" : "")
                """))
    }

    /// The actions the caller may take on the plan now.
    static func allowedActions(_ tx: PostgresTransaction, caller: Caller, plan: PlanRecord, tree: UnitTree?) throws -> [PlanAction] {
        // The workflow asks whether the actor manages the scope only of managers (Workflow.swift): spare the
        // recursive query, a round trip on every plan read, for everyone else.
        let manages =
            caller.role == .manager
            ? try tree.map { $0.manages(user: caller.userID, unit: plan.unitID) }
                ?? Self.manages(tx, org: caller.orgID, user: caller.userID, unit: plan.unitID)
            : false
        let actor = PlanActor(
            role: caller.role, managesScope: manages, isApprover: plan.approverIDs.contains(caller.userID),
            isSubmitter: plan.submittedBy == caller.userID)
        return Workflow.allowedActions(in: plan.state, for: actor)
    }

    /// Whether `user` is the manager of `unit` or of one of its ancestors (one recursive query).
    static func manages(_ tx: PostgresTransaction, org: UUID, user: UUID, unit: UUID) throws -> Bool {
        try tx.query(
            """
            WITH RECURSIVE up AS (
                SELECT unit_id, parent_id, manager_id, 1 AS depth FROM units WHERE org_id = \(org) AND unit_id = \(unit)
                UNION ALL
                SELECT u.unit_id, u.parent_id, u.manager_id, up.depth + 1 FROM units u
                JOIN up ON u.org_id = \(org) AND u.unit_id = up.parent_id WHERE up.depth < 100
            )
            SELECT coalesce(bool_or(manager_id = \(user)), false) FROM up
            """)[0].decode(0)
    }
}
