import Foundation
import ParleyDomain
import Postgres

/// One row of actuals as uploaded.
public struct ActualRow: Sendable, Hashable {
    /// The user the value belongs to (resolved from `user_email` for CSV uploads).
    public var userID: UUID
    /// Metric key.
    public var metric: String
    /// Day.
    public var date: LocalDate
    public var value: Int64

    /// Creates a row.
    public init(userID: UUID, metric: String, date: LocalDate, value: Int64) {
        self.userID = userID
        self.metric = metric
        self.date = date
        self.value = value
    }
}

/// The numbers behind one rep's targets.
public struct Explanation: Sendable {
    public var plan: PlanRecord
    /// The assignment, with its proposals.
    public var assignment: AssignmentRecord
    /// The goal of the rep's unit (or nearest ancestor with one), with its unit.
    public var goal: (unitID: UUID, values: MonthlyValues)?
    /// Reps in that goal's subtree, for the rep's share of it.
    public var repsUnderGoal: Int
    /// The rep's actuals of the 12 months before the plan, per metric.
    public var lastYear: [String: [Int64]]
}

/// One rep's progress.
public struct RepProgressRecord: Sendable {
    public var repID: UUID
    public var name: String
    public var unitID: UUID
    /// Per metric and the lagging stage.
    public var progress: RepProgress
}

extension Store {
    /// Reconciliation of `unit` for one metric: rows per child unit and per rep directly in it, rolled up
    /// over the whole subtree. One SQL statement gathers the figures: the unit's own reps one by one, every
    /// unit below it summed.
    public func reconciliation(caller: Caller, plan planID: UUID, unit: UUID, metric: String) async throws -> ReconciliationReport {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            // Authorization first: whoever may not read any reconciliation learns nothing from the parameters.
            guard Permissions.mayReadEverything(caller.role) || caller.role == .manager else {
                throw StoreError.forbidden("only leaders, admins, viewers and the unit's managers may read this")
            }
            let (tree, names) = try Self.namedUnitTree(tx, org: org)
            guard tree.contains(unit) else { throw StoreError.invalid("unit_id", "no such unit") }
            try Self.requireUnitReader(caller: caller, unit: unit, tree: tree)
            guard plan.metrics.contains(where: { $0.key == metric }) else {
                throw StoreError.invalid("metric", "the plan has no metric \(metric)")
            }
            let units = tree.subtree(of: unit)
            // Sums leave ±(2^53 - 1) clamped just outside it, so the domain sees them out of range and says so.
            let low = -MetricValues.maxValue - 1
            let high = MetricValues.maxValue + 1
            // The reps of the unit itself one row each; those below it summed per unit, so a large subtree costs
            // one row per unit. The figures are the assignments' narrow rows (`AssignmentFigures`), summed through
            // their index.
            let below = units.filter { $0 != unit }
            let rows = try tx.query(
                """
                SELECT f.rep_id, u.name, f.unit_id, f.top_down, f.bottom_up, f.agreed, f.last_year, f.bottom_up IS NULL
                FROM assignment_figures f JOIN users u ON u.org_id = f.org_id AND u.user_id = f.rep_id
                WHERE f.org_id = \(org) AND f.plan_id = \(planID) AND f.metric = \(metric) AND f.unit_id = \(unit)
                UNION ALL
                SELECT NULL, NULL, unit_id, NULL,
                       -- greatest() skips NULLs: a unit without any value stays NULL only through the CASE.
                       CASE WHEN count(bottom_up) > 0 THEN least(greatest(sum(bottom_up), \(low)), \(high)) END::bigint,
                       CASE WHEN count(agreed) > 0 THEN least(greatest(sum(agreed), \(low)), \(high)) END::bigint,
                       least(greatest(sum(last_year), \(low)), \(high))::bigint, bool_or(bottom_up IS NULL)
                FROM assignment_figures
                WHERE org_id = \(org) AND plan_id = \(planID) AND metric = \(metric) AND unit_id = ANY(\(below)::uuid[])
                GROUP BY unit_id
                """)
            var reps: [RepFigures] = []
            var unitSums: [UUID: UnitRepSums] = [:]
            for row in rows {
                let (rep, name, unitID, topDown, bottomUp, agreed, lastYear, missingEstimate) = try row.decode(
                    (UUID?, String?, UUID, Int64?, Int64?, Int64?, Int64, Bool).self)
                if let rep {
                    reps.append(
                        RepFigures(
                            repID: rep, name: name ?? "", unitID: unitID, topDown: topDown, bottomUp: bottomUp,
                            agreed: agreed, lastYear: lastYear))
                } else {
                    unitSums[unitID] = UnitRepSums(
                        bottomUp: bottomUp, agreed: agreed, lastYear: lastYear, missingEstimate: missingEstimate)
                }
            }
            var goals: [UUID: UnitGoal] = [:]
            for row in try tx.query(
                """
                SELECT unit_id, (SELECT least(sum(x::numeric), \(MetricValues.maxValue + 1))::bigint
                                 FROM jsonb_array_elements_text("values" -> \(metric)) x
                                 HAVING count(*) > 0),
                       (capacity ->> \(metric))::bigint
                FROM goals WHERE org_id = \(org) AND plan_id = \(planID) AND unit_id = ANY(\(units)::uuid[])
                """)
            {
                let (unit, value, capacity) = try row.decode((UUID, Int64?, Int64?).self)
                guard let value else { continue }
                goals[unit] = UnitGoal(value: value, capacity: capacity)
            }
            do throws(ValidationError) {
                return try Reconciliation.reconcile(
                    tree: tree, unitID: unit, unitNames: names, goals: goals, reps: reps, unitSums: unitSums,
                    stretchLimitBps: plan.stretchLimitBps, toleranceBps: plan.toleranceBps)
            } catch {
                throw StoreError.validation(error.errors)
            }
        }
    }

    /// The inputs behind one rep's numbers.
    public func explanation(caller: Caller, plan planID: UUID, rep: UUID) async throws -> Explanation {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            let (assignment, _) = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: rep, lock: false)
            let tree = try tx.unitTree(org: org)
            var goal: (UUID, MonthlyValues)?
            let goals = try tx.query(
                "SELECT unit_id, \"values\"::text FROM goals WHERE org_id = \(org) AND plan_id = \(planID)")
            let byUnit = Dictionary(
                try goals.map { try $0.decode((UUID, String).self) },
                uniquingKeysWith: { first, _ in first })
            for unit in tree.ancestorsOrSelf(of: assignment.unitID) {
                if let text = byUnit[unit] {
                    goal = (unit, try JSONCoding.decode(MonthlyValues.self, text))
                    break
                }
            }
            var count = 0
            if let goal {
                count = try tx.one(
                    """
                    SELECT count(*)::int FROM assignments
                    WHERE org_id = \(org) AND plan_id = \(planID) AND unit_id = ANY(\(tree.subtree(of: goal.0))::uuid[])
                    """).decode(Int.self)
            }
            return Explanation(
                plan: plan, assignment: assignment, goal: goal.map { (unitID: $0.0, values: $0.1) }, repsUnderGoal: count,
                lastYear: try Self.repLastYear(tx, org: org, rep: rep, start: plan.startMonth))
        }
    }

    /// A rep's targets per month: agreed values, else the latest proposal, else nothing.
    public func targets(caller: Caller, plan planID: UUID, rep: UUID) async throws -> (plan: PlanRecord, values: MonthlyValues) {
        try await transaction(caller.orgID) { tx in
            let plan = try tx.plan(planID, org: caller.orgID)
            let (assignment, _) = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: rep, lock: false)
            return (plan, assignment.agreed ?? assignment.proposals.last?.values ?? [:])
        }
    }

    /// Stores actuals, all or none; an existing (user, metric, date) is replaced. Admins and leaders record
    /// anyone's, managers those of users in units they manage. Errors name `rowLabel(i).userField`.
    public func recordActuals(
        caller: Caller, rows: [ActualRow], userField: String, rowLabel: @escaping @Sendable (Int) -> String
    ) async throws -> Int {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            guard [.admin, .leader, .manager].contains(caller.role) else {
                throw StoreError.forbidden("only admins, leaders and managers record actuals")
            }
            let tree = try tx.unitTree(org: org)
            let ids = Array(Set(rows.map(\.userID)))
            var units: [UUID: UUID] = [:]
            for row in try tx.query("SELECT user_id, unit_id FROM users WHERE org_id = \(org) AND user_id = ANY(\(ids)::uuid[])") {
                let (user, unit) = try row.decode((UUID, UUID).self)
                units[user] = unit
            }
            var errors: [FieldError] = []
            var seen: Set<String> = []
            for (index, row) in rows.enumerated() {
                let label = rowLabel(index)
                guard let unit = units[row.userID] else {
                    errors.append(FieldError(field: "\(label).\(userField)", message: "no such user"))
                    continue
                }
                if !Permissions.mayRecordActuals(caller.viewer, forUserIn: unit, tree: tree) {
                    errors.append(FieldError(field: "\(label).\(userField)", message: "you may not record actuals for this user"))
                }
                if !seen.insert("\(row.userID)|\(row.metric)|\(row.date)").inserted {
                    errors.append(FieldError(field: label, message: "repeats the user, metric and date of an earlier row"))
                }
            }
            guard errors.isEmpty else { throw StoreError.validation(errors) }
            let months = MonthKeys(rows)
            try Self.lockMonthlyActuals(tx, org: org, months)
            let lastYears = try Self.lockLastYears(tx, org: org, months)
            let stored = try tx.execute(
                """
                INSERT INTO actuals (org_id, user_id, metric, day, value)
                SELECT \(org), r.* FROM unnest(\(rows.map(\.userID))::uuid[], \(rows.map(\.metric))::text[],
                                               \(rows.map(\.date.description))::date[], \(rows.map(\.value))::bigint[]) AS r
                ON CONFLICT (org_id, user_id, metric, day) DO UPDATE SET value = excluded.value
                """)
            try Self.refreshMonthlyActuals(tx, org: org, months)
            try Self.refreshLastYears(tx, org: org, lastYears)
            return stored
        }
    }

    /// Takes the row lock of every monthly sum the upload touches, creating missing ones, in one order.
    ///
    /// Under READ COMMITTED a sum recomputed from a statement snapshot misses the days of a concurrent upload
    /// that has not committed yet. Every upload holds these locks from before it writes its days until it
    /// commits, so by the time this returns every other upload of the same months has committed, and the next
    /// statement's snapshot sees all of their days. Keys are locked in index order, so uploads cannot deadlock.
    static func lockMonthlyActuals(_ tx: PostgresTransaction, org: UUID, _ keys: MonthKeys) throws {
        try tx.execute(
            """
            INSERT INTO actuals_monthly (org_id, user_id, metric, month, value)
            SELECT \(org), k.user_id, k.metric, k.month, 0
            FROM unnest(\(keys.users)::uuid[], \(keys.metrics)::text[], \(keys.months)::date[])
                 AS k(user_id, metric, month)
            ORDER BY k.user_id, k.metric, k.month
            ON CONFLICT (org_id, user_id, metric, month) DO UPDATE SET value = actuals_monthly.value
            """)
    }

    /// Recomputes the monthly sums of every (user, metric, month) of `keys`, whose rows the caller has locked.
    ///
    /// A month holds at most 31 days of values within ±(2^53 - 1), so its sum always fits in bigint.
    static func refreshMonthlyActuals(_ tx: PostgresTransaction, org: UUID, _ keys: MonthKeys) throws {
        try tx.execute(
            """
            UPDATE actuals_monthly m
            SET value = (SELECT coalesce(sum(a.value), 0) FROM actuals a
                         WHERE a.org_id = \(org) AND a.user_id = k.user_id AND a.metric = k.metric AND a.day >= k.month AND a.day < k.month + interval '1 month')
            FROM unnest(\(keys.users)::uuid[], \(keys.metrics)::text[], \(keys.months)::date[])
                 AS k(user_id, metric, month)
            WHERE m.org_id = \(org) AND m.user_id = k.user_id AND m.metric = k.metric AND m.month = k.month
            """)
    }

    /// Locks, in one order, every assignment whose last-year totals the upload changes (its rep's, where a
    /// month of `keys` lies in the twelve before its plan's start) and returns them as (plan, rep) pairs.
    ///
    /// Their plans are share-locked first, so a plan being published either commits its new assignments
    /// before this reads them, or waits until the upload has committed and then computes their totals from
    /// it. The assignment locks make two uploads of different months for the same rep take turns, so the
    /// later one recomputes from the other's committed months. Called after `lockMonthlyActuals`; proposals
    /// on these assignments wait for the upload.
    static func lockLastYears(_ tx: PostgresTransaction, org: UUID, _ keys: MonthKeys) throws -> (plans: [UUID], reps: [UUID]) {
        let months = Array(Set(keys.months))
        try tx.execute(
            """
            SELECT 1 FROM plans p
            WHERE p.org_id = \(org) AND EXISTS (
                SELECT 1 FROM unnest(\(months)::date[]) AS m(month)
                WHERE m.month >= (p.start_month - interval '12 months')::date AND m.month < p.start_month)
            ORDER BY p.plan_id FOR SHARE
            """)
        var locked: (plans: [UUID], reps: [UUID]) = ([], [])
        for row in try tx.query(
            """
            SELECT a.plan_id, a.rep_id
            FROM assignments a JOIN plans p ON p.org_id = a.org_id AND p.plan_id = a.plan_id
            WHERE a.org_id = \(org) AND a.rep_id = ANY(\(Array(Set(keys.users)))::uuid[]) AND EXISTS (
                SELECT 1 FROM unnest(\(keys.users)::uuid[], \(keys.months)::date[]) AS k(user_id, month)
                WHERE k.user_id = a.rep_id
                  AND k.month >= (p.start_month - interval '12 months')::date AND k.month < p.start_month)
            ORDER BY a.plan_id, a.rep_id FOR UPDATE OF a
            """)
        {
            let (plan, rep) = try row.decode((UUID, UUID).self)
            locked.plans.append(plan)
            locked.reps.append(rep)
        }
        return locked
    }

    /// Recomputes the last-year totals of the assignments `lockLastYears` locked, from the monthly sums.
    static func refreshLastYears(_ tx: PostgresTransaction, org: UUID, _ locked: (plans: [UUID], reps: [UUID])) throws {
        guard !locked.reps.isEmpty else { return }
        try tx.execute(
            """
            UPDATE assignments a
            SET last_year_annuals = coalesce(
                (SELECT ly.totals FROM parley_last_year(\(org), ARRAY[a.rep_id], p.start_month) AS ly), '{}')
            FROM plans p, unnest(\(locked.plans)::uuid[], \(locked.reps)::uuid[]) AS t(plan_id, rep_id)
            WHERE a.org_id = \(org) AND a.plan_id = t.plan_id AND a.rep_id = t.rep_id
              AND p.org_id = \(org) AND p.plan_id = t.plan_id
            """)
        let byPlan = Dictionary(grouping: zip(locked.plans, locked.reps), by: \.0)
        for (plan, pairs) in byPlan.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            try tx.execute(AssignmentFigures.refresh(org: org, plan: plan, reps: pairs.map(\.1)))
        }
    }

    /// User ids by lower-cased e-mail, for CSV uploads.
    public func userIDs(caller: Caller, emails: [String]) async throws -> [String: UUID] {
        let lowered = Array(Set(emails.map { $0.lowercased() }))
        return try await transaction(caller.orgID) { tx in
            var result: [String: UUID] = [:]
            for row in try tx.query(
                "SELECT lower(email), user_id FROM users WHERE org_id = \(caller.orgID) AND lower(email) = ANY(\(lowered)::text[])")
            {
                let (email, user) = try row.decode((String, UUID).self)
                result[email] = user
            }
            return result
        }
    }

    /// One page of the progress of the visible reps in `unit`'s subtree (the plan's scope by default) as of a
    /// date, ordered by rep name then id; the cursor is the last rep's id.
    ///
    /// A figure that cannot be stated exactly (beyond ±(2^53 - 1)) is a 422 naming the metric and figure.
    public func progress(
        caller: Caller, plan planID: UUID, unit: UUID?, asOf: LocalDate, limit: Int = 50, cursor: String? = nil
    ) async throws -> (plan: PlanRecord, page: Page<RepProgressRecord>) {
        let after = try Cursor.decode(cursor)
        return try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            let tree = try tx.unitTree(org: org)
            let root = unit ?? plan.unitID
            guard tree.contains(root) else { throw StoreError.invalid("unit_id", "no such unit") }
            var last: (name: String, rep: UUID)?
            if let after {
                let rows = try tx.query("SELECT name FROM users WHERE org_id = \(org) AND user_id = \(after)")
                guard let row = rows.first else {
                    throw StoreError.invalid("cursor", "is not a cursor from this list")
                }
                last = (try row.decode(String.self), after)
            }
            let subtree = tree.subtree(of: root)
            var visible: [(rep: UUID, name: String, unit: UUID)] = []
            // Visibility is decided per row by the domain, so read in batches until the page (and one more) is full.
            while visible.count <= limit {
                let rows = try tx.query(
                    """
                    SELECT a.rep_id, u.name, a.unit_id
                    FROM assignments a JOIN users u ON u.org_id = a.org_id AND u.user_id = a.rep_id
                    WHERE a.org_id = \(org) AND a.plan_id = \(planID) AND a.unit_id = ANY(\(subtree)::uuid[])
                      AND (\(caller.role == .rep) = false OR a.rep_id = \(caller.userID))
                      AND (\(last?.rep)::uuid IS NULL OR (u.name, a.rep_id) > (\(last?.name)::text, \(last?.rep)::uuid))
                    ORDER BY u.name, a.rep_id LIMIT 500
                    """)
                for row in rows {
                    let (rep, name, unitID) = try row.decode((UUID, String, UUID).self)
                    last = (name, rep)
                    if Permissions.maySeeAssignment(caller.viewer, repID: rep, repUnit: unitID, tree: tree) {
                        visible.append((rep, name, unitID))
                    }
                }
                if rows.count < 500 { break }
            }
            let page = Cursor.page(visible, limit: limit, id: \.rep)
            let clock = ProgressClock(start: plan.startMonth, planMonths: plan.months, asOf: asOf)
            let end = min(asOf, clock.lastDay)
            var figures: [UUID: (targets: MonthlyValues, actuals: [String: Int64?])] = [:]
            for row in try tx.query(
                """
                SELECT a.rep_id,
                       coalesce(a.agreed, (SELECT p."values" FROM proposals p WHERE p.org_id = a.org_id AND p.plan_id = a.plan_id
                                           AND p.rep_id = a.rep_id ORDER BY p.seq DESC LIMIT 1), '{}')::text,
                       coalesce((SELECT jsonb_object_agg(metric,
                                                         CASE WHEN abs(total) <= \(MetricValues.maxValue) THEN total END)::text
                                 FROM (SELECT metric, sum(value) AS total FROM actuals
                                       WHERE org_id = a.org_id AND user_id = a.rep_id
                                         AND day >= \(clock.firstDay.description)::date
                                         AND day <= \(end.description)::date
                                       GROUP BY metric) t), '{}')
                FROM assignments a
                WHERE a.org_id = \(org) AND a.plan_id = \(planID) AND a.rep_id = ANY(\(page.items.map(\.rep))::uuid[])
                """)
            {
                let (rep, targets, actuals) = try row.decode(
                    (UUID, JSONColumn<MonthlyValues>, JSONColumn<[String: Int64?]>).self)
                figures[rep] = (targets.value, actuals.value)
            }
            var result: [RepProgressRecord] = []
            for item in page.items {
                let targets = figures[item.rep]?.targets ?? [:]
                let actuals = figures[item.rep]?.actuals ?? [:]
                var metrics: [String: MetricProgress] = [:]
                for metric in plan.metrics {
                    func overflow(_ figure: String) -> StoreError {
                        .validation([
                            FieldError(
                                field: "metrics.\(metric.key).\(figure)",
                                message: "rep \(item.rep.uuidString.lowercased()) is beyond ±\(MetricValues.maxValue) "
                                    + "and cannot be stated exactly")
                        ])
                    }
                    // Absent: no actuals yet. Present but null: the sum left the exact range.
                    let actual: Int64
                    switch actuals[metric.key] {
                    case .none: actual = 0
                    case .some(.none): throw overflow("actual_to_date")
                    case .some(.some(let value)): actual = value
                    }
                    do throws(ProgressOverflow) {
                        metrics[metric.key] = try Progress.metric(
                            monthlyTargets: targets[metric.key] ?? Array(repeating: 0, count: plan.months),
                            actualToDate: actual, clock: clock)
                    } catch {
                        throw overflow(error.figure)
                    }
                }
                result.append(
                    RepProgressRecord(
                        repID: item.rep, name: item.name, unitID: item.unit,
                        progress: RepProgress(metrics: metrics, laggingStage: Progress.laggingStage(metrics))))
            }
            return (plan, Page(items: result, nextCursor: page.nextCursor))
        }
    }

    /// Reconciliation is for leaders, admins, viewers, and managers of the unit (or above it).
    static func requireUnitReader(caller: Caller, unit: UUID, tree: UnitTree) throws {
        if Permissions.mayReadAcrossReps(caller.viewer, unit: unit, tree: tree) { return }
        throw StoreError.forbidden("only leaders, admins, viewers and the unit's managers may read this")
    }

    static func namedUnitTree(_ tx: PostgresTransaction, org: UUID) throws -> (UnitTree, [UUID: String]) {
        let rows = try tx.query("SELECT unit_id, parent_id, manager_id, name FROM units WHERE org_id = \(org)")
        var names: [UUID: String] = [:]
        var nodes: [UnitTree.Node] = []
        for row in rows {
            let (id, parent, manager, name) = try row.decode((UUID, UUID?, UUID?, String).self)
            nodes.append(UnitTree.Node(id: id, parentID: parent, managerID: manager))
            names[id] = name
        }
        return (UnitTree(nodes), names)
    }
}

/// The distinct (user, metric, month) keys of uploaded actuals, as parallel arrays for `unnest`.
struct MonthKeys {
    var users: [UUID] = []
    var metrics: [String] = []
    var months: [String] = []

    init(_ rows: [ActualRow]) {
        struct Key: Hashable {
            var user: UUID
            var metric: String
            var month: YearMonth
        }
        var seen: Set<Key> = []
        for row in rows
        where seen.insert(Key(user: row.userID, metric: row.metric, month: row.date.yearMonth)).inserted {
            users.append(row.userID)
            metrics.append(row.metric)
            months.append(row.date.yearMonth.firstDay.description)
        }
    }
}
