import Foundation
import ParleyDomain
import Postgres

/// A unit's top-down goal in a plan.
public struct GoalRecord: Sendable {
    public var unitID: UUID
    /// Monthly values per metric.
    public var values: MonthlyValues
    /// Market capacity per metric (annual).
    public var capacity: [String: Int64]
    /// The goal's own version.
    public var version: Int64

    static let columns: SQL = "unit_id, \"values\"::text, capacity::text, version"

    init(row: PostgresRow) throws {
        let values: JSONColumn<MonthlyValues>
        let capacity: JSONColumn<[String: Int64]>
        (unitID, values, capacity, version) = try row.decode(
            (UUID, JSONColumn<MonthlyValues>, JSONColumn<[String: Int64]>, Int64).self, at: 0)
        self.values = values.value
        self.capacity = capacity.value
    }
}

/// The precondition of a goal PUT.
public enum GoalPrecondition: Sendable {
    /// `If-None-Match: *`: create only.
    case create
    /// `If-Match: "<n>"`: replace version n only.
    case replace(version: Int64)
}

/// What a goal PUT would store, worked out without storing it, with last year's months beside it.
public struct GoalPreview: Sendable {
    /// The unit.
    public var unitID: UUID
    /// The monthly values the PUT would store.
    public var values: MonthlyValues
    /// Market capacity per metric (annual), as sent.
    public var capacity: [String: Int64]
    /// The unit subtree's actuals of the 12 months before the plan, for every metric of the plan.
    public var lastYear: MonthlyValues
}

/// Last year's actuals of a unit's subtree, per metric of a plan.
public struct LastYearRecord: Sendable {
    /// The unit.
    public var unitID: UUID
    /// The calendar month of the first of the 12 months (12 months before the plan's start).
    public var startMonth: YearMonth
    /// Twelve months per metric of the plan; zeros where there are no actuals.
    public var values: MonthlyValues
}

extension Store {
    /// Creates or replaces a unit's goal in a plan that is still being negotiated.
    public func putGoal(
        caller: Caller, plan planID: UUID, unit: UUID, precondition: GoalPrecondition, values: [String: MetricInput],
        capacity: [String: Int64]
    ) async throws -> GoalRecord {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let (plan, tree) = try Self.goalSettingPlan(tx, caller: caller, plan: planID, unit: unit, lock: true)
            let existing = try tx.query(
                "SELECT version FROM goals WHERE org_id = \(org) AND plan_id = \(planID) AND unit_id = \(unit) FOR UPDATE")
                .first.map { try $0.decode(Int64.self) }
            switch (precondition, existing) {
            case (.create, .some(let current)):
                throw StoreError.versionConflict(current: current)
            case (.replace, .none):
                throw StoreError.notFound
            case (.replace(let version), .some(let current)) where version != current:
                throw StoreError.versionConflict(current: current)
            default:
                break
            }
            let months = try Self.goalSplit(
                tx, org: org, plan: plan, tree: tree, unit: unit, values: values, capacity: capacity)
            let row = try tx.one(
                """
                INSERT INTO goals (org_id, plan_id, unit_id, "values", capacity)
                VALUES (\(org), \(planID), \(unit), \(try JSONCoding.encode(months))::jsonb, \(try JSONCoding.encode(capacity))::jsonb)
                ON CONFLICT (org_id, plan_id, unit_id) DO UPDATE
                    SET "values" = excluded."values", capacity = excluded.capacity, version = goals.version + 1, updated_at = excluded.updated_at
                RETURNING \(GoalRecord.columns)
                """)
            let goal = try GoalRecord(row: row)
            try Events.append(
                tx, org: org, plan: planID, kind: existing == nil ? "goal.created" : "goal.replaced", actor: caller.userID,
                data: GoalEvent(unitID: unit, values: months, capacity: capacity, version: goal.version))
            return goal
        }
    }

    /// The months a goal PUT with this body would store, refused exactly as the PUT would refuse it (but for its
    /// precondition); stores nothing and records no event.
    public func previewGoal(
        caller: Caller, plan planID: UUID, unit: UUID, values: [String: MetricInput], capacity: [String: Int64]
    ) async throws -> GoalPreview {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let (plan, tree) = try Self.goalSettingPlan(tx, caller: caller, plan: planID, unit: unit, lock: false)
            let history = try Self.lastYearActuals(tx, org: org, units: tree.subtree(of: unit), start: plan.startMonth)
            let months = try Self.goalSplit(
                tx, org: org, plan: plan, tree: tree, unit: unit, values: values, capacity: capacity, lastYear: history)
            return GoalPreview(
                unitID: unit, values: months, capacity: capacity, lastYear: Self.perPlanMetric(history, plan: plan))
        }
    }

    /// Last year's actuals of `unit`'s subtree (the plan's scope unit when nil) for the 12 months before the plan.
    public func lastYear(caller: Caller, plan planID: UUID, unit: UUID?) async throws -> LastYearRecord {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            // As for reconciliation: whoever may read none learns nothing from the parameters.
            guard Permissions.mayReadEverything(caller.role) || caller.role == .manager else {
                throw StoreError.forbidden("only leaders, admins, viewers and the unit's managers may read this")
            }
            let tree = try tx.unitTree(org: org)
            let target = unit ?? plan.unitID
            guard tree.contains(target) else { throw StoreError.invalid("unit_id", "no such unit") }
            try Self.requireUnitReader(caller: caller, unit: target, tree: tree)
            let history = try Self.lastYearActuals(
                tx, org: org, units: tree.subtree(of: target), start: plan.startMonth)
            return LastYearRecord(
                unitID: target, startMonth: plan.startMonth.adding(months: -12),
                values: Self.perPlanMetric(history, plan: plan))
        }
    }

    /// The plan, once the caller may set `unit`'s goal in it now: the checks of a goal PUT, in its order (the role,
    /// the unit, the caller's reach, the plan's scope, the plan's state).
    private static func goalSettingPlan(
        _ tx: PostgresTransaction, caller: Caller, plan planID: UUID, unit: UUID, lock: Bool
    ) throws -> (PlanRecord, UnitTree) {
        let org = caller.orgID
        let plan = try tx.plan(planID, org: org, lock: lock)
        // Roles that never set goals are refused before anything about the unit or the body is checked.
        guard [.leader, .manager].contains(caller.role) else {
            throw StoreError.forbidden(
                "only a leader, a manager of the unit's parent, or the scope's manager may set this goal")
        }
        let tree = try tx.unitTree(org: org)
        guard tree.contains(unit) else { throw StoreError.notFound }
        guard Permissions.maySetGoal(caller.viewer, unit: unit, scopeUnit: plan.unitID, tree: tree) else {
            throw StoreError.forbidden(
                "only a leader, a manager of the unit's parent, or the scope's manager may set this goal")
        }
        guard tree.isInSubtree(unit, of: plan.unitID) else {
            throw StoreError.invalid("unit_id", "the unit is outside the plan's scope")
        }
        guard [.draft, .proposed, .inDiscussion].contains(plan.state) else {
            throw StoreError.invalidState(
                "goals can change only in draft, proposed or in_discussion; the plan is \(plan.state.rawValue)")
        }
        return (plan, tree)
    }

    /// The monthly values a goal body stands for, after checking it: the one rule behind both PUT and preview.
    /// `lastYear` is the unit subtree's history when the caller has it already; it is read only when needed.
    private static func goalSplit(
        _ tx: PostgresTransaction, org: UUID, plan: PlanRecord, tree: UnitTree, unit: UUID,
        values: [String: MetricInput], capacity: [String: Int64], lastYear known: [String: [Int64]]? = nil
    ) throws -> MonthlyValues {
        var errors: [FieldError] = []
        for (key, value) in capacity.sorted(by: { $0.key < $1.key }) {
            if !plan.metrics.contains(where: { $0.key == key }) {
                errors.append(FieldError(field: "capacity.\(key)", message: "the plan has no metric \(key)"))
            } else if value < 0 {
                errors.append(FieldError(field: "capacity.\(key)", message: "must not be negative"))
            }
        }
        if values.isEmpty { errors.append(FieldError(field: "values", message: "must set at least one metric")) }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        let needsHistory = values.values.contains { if case .annual(_, .lastYear) = $0 { true } else { false } }
        let lastYear =
            try known
            ?? (needsHistory
                ? try lastYearActuals(tx, org: org, units: tree.subtree(of: unit), start: plan.startMonth) : [:])
        do throws(ValidationError) {
            return try MetricValues.resolveAll(
                values, metrics: plan.metrics, planMonths: plan.months, lastYear: lastYear)
        } catch {
            throw StoreError.validation(error.errors)
        }
    }

    /// Twelve months for each metric of the plan, zeros where last year has none; other metrics left out.
    private static func perPlanMetric(_ history: [String: [Int64]], plan: PlanRecord) -> MonthlyValues {
        var result: MonthlyValues = [:]
        for metric in plan.metrics { result[metric.key] = history[metric.key] ?? Array(repeating: 0, count: 12) }
        return result
    }

    /// Every goal of a plan.
    public func goals(caller: Caller, plan: UUID) async throws -> [GoalRecord] {
        try await transaction(caller.orgID) { tx in
            _ = try tx.plan(plan, org: caller.orgID)
            return try tx.query(
                "SELECT \(GoalRecord.columns) FROM goals WHERE org_id = \(caller.orgID) AND plan_id = \(plan) ORDER BY unit_id"
            ).map(GoalRecord.init(row:))
        }
    }

    /// Last year's actuals per metric for the 12 calendar months before `start`, summed over `units`' users,
    /// from the monthly sums that every upload keeps (`actuals_monthly`), a twelfth of the rows of weekly data.
    ///
    /// A month's sum over many users can exceed bigint, so it is summed as numeric and capped at 2^53 (one past
    /// the exact range), which `MetricValues` refuses to weight by; negative sums count as 0, as in seasonality.
    static func lastYearActuals(_ tx: PostgresTransaction, org: UUID, units: [UUID], start: YearMonth) throws -> [String: [Int64]] {
        let from = start.adding(months: -12)
        let rows = try tx.query(
            """
            SELECT a.metric, (extract(year FROM a.month)::int * 12 + extract(month FROM a.month)::int - 1) AS month_index,
                   least(greatest(sum(a.value), 0), \(MetricValues.maxValue + 1))::bigint
            FROM actuals_monthly a JOIN users u ON u.org_id = a.org_id AND u.user_id = a.user_id
            WHERE a.org_id = \(org) AND u.unit_id = ANY(\(units)::uuid[])
              AND a.month >= \(from.description + "-01")::date AND a.month < \(start.description + "-01")::date
            GROUP BY 1, 2
            """)
        var result: [String: [Int64]] = [:]
        let base = from.year * 12 + from.month - 1
        for row in rows {
            let (metric, month, sum) = try row.decode((String, Int, Int64).self)
            // Months of years 1..9999 (PostgreSQL's date range): the difference cannot overflow.
            let index = month - base
            guard (0..<12).contains(index) else { continue }
            // GROUP BY gives each (metric, month) one row, so this sets rather than adds.
            result[metric, default: Array(repeating: 0, count: 12)][index] = sum
        }
        return result
    }
}

struct GoalEvent: Encodable, Sendable {
    var unitID: UUID
    var values: MonthlyValues
    var capacity: [String: Int64]
    var version: Int64

    enum CodingKeys: String, CodingKey {
        case unitID = "unit_id"
        case values, capacity, version
    }
}
