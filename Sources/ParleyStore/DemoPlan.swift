import Foundation
import ParleyDomain
import Postgres

extension Store {
    /// Gives the demo organization actuals from a year before the `running` plan's start up to today: last year
    /// as one row per month (what the seasonality and last-year columns sum), the running year as weekly rows
    /// dated Fridays, which tracking follows week by week; and their monthly sums.
    ///
    /// These are most of the demo's rows (14 million for 100,000 reps), so they are written in one transaction
    /// per share of the reps, the shares in parallel (one per processor, at most four): the reps' users exist
    /// already, and PostgreSQL runs each statement on one core.
    func seedDemoActuals(org: UUID, reps: [(id: UUID, hired: LocalDate)], running: YearMonth, today: LocalDate)
        async throws
    {
        let sorted = reps.sorted { $0.id.uuidString < $1.id.uuidString }
        let shares = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, sorted.count / 1000))
        let size = max(1, (sorted.count + shares - 1) / shares)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for first in stride(from: 0, to: sorted.count, by: size) {
                let share = Array(sorted[first..<min(first + size, sorted.count)])
                group.addTask {
                    try await transaction(org) { tx in
                        try Self.seedDemoActuals(tx, org: org, reps: share, running: running, today: today)
                    }
                }
            }
            try await group.waitForAll()
        }
        // Statistics for what reads the sums next (last year's totals per assignment, the goals' seasonality): the
        // planner otherwise guesses for an empty table, and each goal's read took 6-7 s at 100,000 reps, not 1.2.
        try await transaction(org) { tx in try tx.execute("ANALYZE actuals_monthly") }
    }

    /// One share of `seedDemoActuals`: `reps` sorted by id.
    private static func seedDemoActuals(
        _ tx: PostgresTransaction, org: UUID, reps sorted: [(id: UUID, hired: LocalDate)], running: YearMonth,
        today: LocalDate
    ) throws {
        let from = running.adding(months: -12)
        // A seasonal shape and per-rep noise; none before a rep was hired. In the running plan each rep and metric
        // also gets a pace of its own (85-115 % of last year's level), so tracking has reps ahead and behind and
        // funnel stages that lag.
        //
        // Written for speed, as measured: the level, pace and noise seed of a rep and metric are hashed once per
        // pair and each day's noise is an integer hash of seed and day; rows come out in the primary key's order
        // (reps sorted by id, metrics by name, days ascending within each through the LATERAL), so the index grows
        // at its right edge instead of at random pages, which took 4.5 minutes for 100,000 reps.
        // Day 1 of the epoch (1970-01-02) was a Friday.
        let firstFriday =
            (0..<7).map { running.firstDay.adding(days: $0) }.first { $0.daysSinceEpoch % 7 == 1 } ?? running.firstDay
        let pairs: SQL = """
            SELECT r.id, r.hired, m.metric, m.base,
                   70 + (hashtext(r.id::text || m.metric) & 2147483647) % 61 AS level,
                   85 + (hashtext(r.id::text || m.metric || 'running') & 2147483647) % 31 AS pace,
                   hashtext(r.id::text || m.metric || 'noise')::bigint * 100000 AS seed
            FROM unnest(\(sorted.map(\.id))::uuid[], \(sorted.map(\.hired.description))::date[]) WITH ORDINALITY AS r(id, hired, n)
            CROSS JOIN (VALUES ('qualified_leads', 8::bigint), ('revenue', 25000000), ('visits', 10)) AS m(metric, base)
            ORDER BY r.n, m.metric
            """
        try tx.execute(
            """
            INSERT INTO actuals (org_id, user_id, metric, day, value)
            SELECT \(org), rm.id, rm.metric, d.day,
                   (rm.base * rm.level / 100.0 * d.weeks
                     * (80 + (hashint8(rm.seed + (d.day - '1970-01-01'::date)) & 2147483647) % 41) / 100.0
                     * (ARRAY[80, 85, 95, 100, 100, 105, 95, 90, 105, 110, 115, 125])[extract(month FROM d.day)::int] / 100.0
                     * CASE WHEN d.day >= \(running.firstDay.description)::date THEN rm.pace / 100.0 ELSE 1 END)::bigint
            FROM (\(pairs)) AS rm
            CROSS JOIN LATERAL (
                SELECT g::date, 52 / 12.0 FROM generate_series(\(from.firstDay.description)::date,
                                                               \(running.firstDay.adding(days: -1).description)::date, '1 month') g
                WHERE g >= rm.hired
                UNION ALL
                SELECT g::date, 1.0 FROM generate_series(\(firstFriday.description)::date, \(today.description)::date, '7 days') g
                WHERE g >= rm.hired
            ) AS d(day, weeks)
            """)
        // The monthly sums of what was just written, rep by rep in key order (a GROUP BY over all the rows at once
        // spilled to disk and took two minutes for 100,000 reps).
        try tx.execute(
            """
            INSERT INTO actuals_monthly (org_id, user_id, metric, month, value)
            SELECT \(org), rm.id, rm.metric, s.month, s.value
            FROM (SELECT r.id, m.metric FROM unnest(\(sorted.map(\.id))::uuid[]) WITH ORDINALITY AS r(id, n)
                  CROSS JOIN (VALUES ('qualified_leads'), ('revenue'), ('visits')) AS m(metric) ORDER BY r.n, m.metric) AS rm
            CROSS JOIN LATERAL (
                SELECT date_trunc('month', a.day)::date AS month, sum(a.value) AS value FROM actuals a
                WHERE a.org_id = \(org) AND a.user_id = rm.id AND a.metric = rm.metric
                GROUP BY 1 ORDER BY 1
            ) AS s
            """)
    }

    /// The next year's plan (starting when the running one ends) in discussion: goals for the org and its regions
    /// (the last twelve months' seasonality, +15 %), and a mix of agreed, countered and missing estimates.
    ///
    /// Everything is written in a few set-based statements so that 10,000 reps seed in seconds; the plan's
    /// event log records the seeding as events of its own rather than one per proposal.
    func seedDemoPlan(
        _ tx: PostgresTransaction, org: UUID, root: UUID, regions: [UUID], leader: UUID,
        reps: [(id: UUID, unit: UUID, hired: LocalDate, manager: UUID)], running: YearMonth, today: LocalDate
    ) throws -> UUID {
        let start = running.adding(months: 12)
        let planID = UUID()
        let metrics = MetricDefinition.defaults
        try tx.execute(
            """
            INSERT INTO plans (org_id, plan_id, name, unit_id, start_month, months, currency, metrics, ramp_months,
                stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, created_by, state)
            VALUES (\(org), \(planID), \("FY\(start.year) targets"), \(root), \(start.firstDay.description)::date, 12, 'CNY',
                \(try JSONCoding.encode(metrics))::jsonb, 3, 13000, 100, \([leader])::uuid[], 1, \(leader), 'in_discussion')
            """)
        try Events.startChain(tx, org: org, plan: planID)
        try Events.append(
            tx, org: org, plan: planID, kind: "plan.created", actor: leader, data: ["name": "FY\(start.year) targets"],
            commit: false)

        // The last twelve complete months per rep and metric, by plan month of the same calendar month (the year
        // before the plan has not ended yet when it is planned).
        var history: [UUID: [String: [Int64]]] = [:]
        let recent = today.yearMonth.adding(months: -12)
        for row in try tx.query(
            """
            SELECT user_id, metric, extract(month FROM month)::int, value FROM actuals_monthly
            WHERE org_id = \(org) AND month >= \(recent.firstDay.description)::date AND month < \(today.yearMonth.firstDay.description)::date
            """)
        {
            let (user, metric, month, value) = try row.decode((UUID, String, Int, Int64).self)
            let planMonth = (month - start.month + 12) % 12
            history[user, default: [:]][metric, default: Array(repeating: 0, count: 12)][planMonth] = value
        }
        let tree = try tx.unitTree(org: org)
        for unit in [root] + regions {
            let members = Set(tree.subtree(of: unit))
            var revenue = Array(repeating: Int64(0), count: 12)
            var visits = Int64(0)
            for rep in reps where members.contains(rep.unit) {
                let past = history[rep.id] ?? [:]
                for month in 0..<12 { revenue[month] += past["revenue"]?[month] ?? 0 }
                visits += past["visits"]?.reduce(0, +) ?? 0
            }
            let annual = revenue.reduce(0, +) * 115 / 100
            let values: MonthlyValues = [
                "revenue": Distribution.split(total: annual, weights: revenue),
                "visits": Distribution.even(total: visits, count: 12),
            ]
            try tx.execute(
                """
                INSERT INTO goals (org_id, plan_id, unit_id, "values", capacity)
                VALUES (\(org), \(planID), \(unit), \(try JSONCoding.encode(values))::jsonb, \(try JSONCoding.encode(["revenue": annual * 13 / 10]))::jsonb)
                """)
            try Events.append(
                tx, org: org, plan: planID, kind: "goal.created", actor: leader,
                data: GoalEvent(unitID: unit, values: values, capacity: [:], version: 1), commit: false)
        }

        // Assignments and proposals: every third rep agreed, every third countered, every third not yet estimated.
        var assignmentRows: (
            ids: [UUID], units: [UUID], ramps: [Int], states: [String], agreed: [String?], estimateAnnuals: [String?],
            counterAnnuals: [String?]
        ) = ([], [], [], [], [], [], [])
        var proposalRows: (ids: [UUID], reps: [UUID], authors: [UUID], sides: [String], kinds: [String], values: [String], statuses: [String]) =
            ([], [], [], [], [], [], [])
        for (index, rep) in reps.enumerated() {
            let ramp = Ramp.months(hiredOn: rep.hired, start: start, planMonths: 12, rampMonths: 3)
            let past = history[rep.id] ?? [:]
            func grown(_ metric: String, _ percent: Int64, floor: Int64) -> [Int64] {
                (0..<12).map { month in max(past[metric]?[month] ?? 0, floor) * percent / 100 }
            }
            var estimate: MonthlyValues = [
                "revenue": grown("revenue", 105, floor: 60_000_000), "qualified_leads": grown("qualified_leads", 100, floor: 30),
                "visits": grown("visits", 100, floor: 40),
            ]
            for month in 0..<ramp { estimate["revenue"]![month] = 0 }
            var counter = estimate
            counter["revenue"] = estimate["revenue"]!.map { $0 * 112 / 100 }
            var state = AssignmentState.awaitingEstimate
            var agreed: String?
            switch index % 3 {
            case 0:
                state = .agreed
                agreed = try JSONCoding.encode(estimate)
                proposalRows.ids.append(UUID()); proposalRows.reps.append(rep.id); proposalRows.authors.append(rep.id)
                proposalRows.sides.append("rep"); proposalRows.kinds.append("estimate"); proposalRows.values.append(agreed!)
                proposalRows.statuses.append("accepted")
            case 1:
                state = .countered
                proposalRows.ids.append(UUID()); proposalRows.reps.append(rep.id); proposalRows.authors.append(rep.id)
                proposalRows.sides.append("rep"); proposalRows.kinds.append("estimate")
                proposalRows.values.append(try JSONCoding.encode(estimate)); proposalRows.statuses.append("open")
                proposalRows.ids.append(UUID()); proposalRows.reps.append(rep.id); proposalRows.authors.append(rep.manager)
                proposalRows.sides.append("manager"); proposalRows.kinds.append("top_down")
                proposalRows.values.append(try JSONCoding.encode(counter)); proposalRows.statuses.append("open")
            default:
                break
            }
            assignmentRows.ids.append(rep.id); assignmentRows.units.append(rep.unit); assignmentRows.ramps.append(ramp)
            assignmentRows.states.append(state.rawValue); assignmentRows.agreed.append(agreed)
            // Annual sums as the store keeps them (`parley_annuals`), added up here rather than by 100,000 calls.
            assignmentRows.estimateAnnuals.append(
                state == .awaitingEstimate ? nil : try JSONCoding.encode(estimate.mapValues { $0.reduce(0, +) }))
            assignmentRows.counterAnnuals.append(
                state == .countered ? try JSONCoding.encode(counter.mapValues { $0.reduce(0, +) }) : nil)
        }
        try tx.execute(
            """
            INSERT INTO assignments (org_id, plan_id, rep_id, unit_id, ramp_months_in_plan, state, agreed, version,
                bottom_up_annuals, top_down_annuals, last_year_annuals)
            SELECT \(org), \(planID), a.rep, a.unit, a.ramp, a.state, a.agreed::jsonb, 1 + (a.state <> 'awaiting_estimate')::int,
                a.estimate::jsonb, a.counter::jsonb, coalesce(ly.totals, '{}')
            FROM unnest(\(assignmentRows.ids)::uuid[], \(assignmentRows.units)::uuid[], \(assignmentRows.ramps)::int[],
                        \(assignmentRows.states)::text[], \(assignmentRows.agreed)::text[], \(assignmentRows.estimateAnnuals)::text[],
                        \(assignmentRows.counterAnnuals)::text[]) AS a(rep, unit, ramp, state, agreed, estimate, counter)
            LEFT JOIN parley_last_year(\(org), \(assignmentRows.ids)::uuid[], \(start.firstDay.description)::date) AS ly
                ON ly.rep_id = a.rep
            """)
        try tx.execute(AssignmentFigures.refresh(org: org, plan: planID))
        // Statistics before the proposals' foreign keys are checked against these rows: the checks' plans, cached
        // for the connection, were otherwise made for an empty table (a scan per row: 15 s for 10,000 reps).
        try tx.execute("ANALYZE assignments, users")
        try tx.execute(
            """
            INSERT INTO proposals (org_id, proposal_id, plan_id, rep_id, author_id, side, kind, "values", consistent, status)
            SELECT \(org), p.id, \(planID), p.rep, p.author, p.side, p.kind, p.vals::jsonb, true, p.status
            FROM unnest(\(proposalRows.ids)::uuid[], \(proposalRows.reps)::uuid[], \(proposalRows.authors)::uuid[],
                        \(proposalRows.sides)::text[], \(proposalRows.kinds)::text[], \(proposalRows.values)::text[],
                        \(proposalRows.statuses)::text[]) AS p(id, rep, author, side, kind, vals, status)
            """)
        try Events.append(
            tx, org: org, plan: planID, kind: "demo.seeded", actor: leader,
            data: ["assignments": reps.count, "proposals": proposalRows.ids.count], commit: false)
        return planID
    }
}

extension Store {
    /// The plan of the running year, taken through the store's own workflow so that it is a genuinely locked,
    /// approved plan with a verifiable event chain: created by the leader, goals for the organization and its
    /// regions set with last year's seasonality, published (one assignment per rep, ramp months as the server
    /// counts them), negotiated, submitted by the sales director, approved by the leader (revision 1 recorded),
    /// and one adjustment request left pending for the quarterly review.
    ///
    /// Only the negotiation itself (one accepted estimate per rep) is written in bulk, recorded as one event of
    /// its own, so that 10,000 reps take one statement rather than 20,000 transactions.
    func seedRunningPlan(
        org: UUID, root: UUID, regions: [UUID], leader: UUID, director: UUID,
        reps: [(id: UUID, unit: UUID, hired: LocalDate, manager: UUID)], start: YearMonth, today: LocalDate
    ) async throws -> UUID {
        let leaderCaller = Caller(orgID: org, userID: leader, role: .leader, unitID: root, tokenID: UUID())
        let directorCaller = Caller(orgID: org, userID: director, role: .manager, unitID: root, tokenID: UUID())
        let from = start.adding(months: -12)
        // Last year by plan month (0 = the month a year before the plan's first), per rep and metric.
        let history: [UUID: [String: [Int64]]] = try await transaction(org) { tx in
            var history: [UUID: [String: [Int64]]] = [:]
            for row in try tx.query(
                """
                SELECT user_id, metric, ((extract(year FROM month) * 12 + extract(month FROM month))::int
                                         - \(from.year * 12 + from.month)), value
                FROM actuals_monthly
                WHERE org_id = \(org) AND month >= \(from.firstDay.description)::date AND month < \(start.firstDay.description)::date
                """)
            {
                let (user, metric, index, value) = try row.decode((UUID, String, Int, Int64).self)
                guard (0..<12).contains(index) else { continue }
                history[user, default: [:]][metric, default: Array(repeating: 0, count: 12)][index] = value
            }
            return history
        }
        // What each rep agreed: last year's months plus 8 % on revenue, with floors for reps without a full
        // year; nothing before a rep's hire month, no revenue in ramp months.
        let metrics = MetricDefinition.defaults
        var agreed: [UUID: MonthlyValues] = [:]
        for rep in reps {
            let ramp = Ramp.months(hiredOn: rep.hired, start: start, planMonths: 12, rampMonths: 3)
            let past = history[rep.id] ?? [:]
            var values: MonthlyValues = [:]
            let rules: [(String, Int64, Int64)] = [("revenue", 108, 60_000_000), ("qualified_leads", 100, 30), ("visits", 100, 40)]
            for (metric, percent, floor) in rules {
                values[metric] = (0..<12).map { month in
                    if start.adding(months: month) < rep.hired.yearMonth { return 0 }
                    if metric == "revenue" && month < ramp { return 0 }
                    return max(past[metric]?[month] ?? 0, floor) * percent / 100
                }
            }
            agreed[rep.id] = values
        }
        let tree = try await transaction(org) { tx in try tx.unitTree(org: org) }

        let created = try await createPlan(
            caller: leaderCaller,
            PlanFields(
                name: start.month == 1
                    ? "FY\(start.year) targets" : "FY\(start.year)/\(String(start.year + 1).suffix(2)) targets",
                unitID: root, startMonth: start, months: 12, currency: "CNY", metrics: metrics, rampMonths: 3,
                approverIDs: [leader], requiredApprovals: 1))
        let planID = created.plan.id
        for unit in [root] + regions {
            let members = Set(tree.subtree(of: unit))
            var values: [String: MetricInput] = [:]
            var revenue: Int64 = 0
            for metric in metrics.map(\.key) {
                let annual = reps.filter { members.contains($0.unit) }.reduce(Int64(0)) { sum, rep in
                    sum + (agreed[rep.id]?[metric]?.reduce(0, +) ?? 0)
                }
                values[metric] = .annual(annual, .lastYear)
                if metric == "revenue" { revenue = annual }
            }
            _ = try await putGoal(
                caller: leaderCaller, plan: planID, unit: unit, precondition: .create, values: values,
                capacity: ["revenue": revenue / 10 * 13])
        }
        var plan = try await transition(
            caller: leaderCaller, plan: planID, version: created.plan.version, action: .publish, comment: nil)
        plan = try await transition(
            caller: leaderCaller, plan: planID, version: plan.plan.version, action: .openDiscussion, comment: nil)

        // The negotiation, in bulk: each rep's estimate, accepted by their team lead.
        let proposalIDs = reps.map { _ in UUID() }
        let values = try reps.map { try JSONCoding.encode(agreed[$0.id] ?? [:]) }
        try await transaction(org) { tx in
            try tx.execute(
                """
                INSERT INTO proposals (org_id, proposal_id, plan_id, rep_id, author_id, side, kind, "values", consistent, status)
                SELECT \(org), p.id, \(planID), p.rep, p.rep, 'rep', 'estimate', p.vals::jsonb, true, 'accepted'
                FROM unnest(\(proposalIDs)::uuid[], \(reps.map(\.id))::uuid[], \(values)::text[]) AS p(id, rep, vals)
                """)
            try tx.execute(
                """
                UPDATE assignments a SET state = 'agreed', agreed = p.vals::jsonb, agreed_proposal_id = p.id,
                    bottom_up_annuals = parley_annuals(p.vals::jsonb), version = a.version + 2
                FROM unnest(\(proposalIDs)::uuid[], \(reps.map(\.id))::uuid[], \(values)::text[]) AS p(id, rep, vals)
                WHERE a.org_id = \(org) AND a.plan_id = \(planID) AND a.rep_id = p.rep
                """)
            try tx.execute(AssignmentFigures.refresh(org: org, plan: planID))
            try Events.append(
                tx, org: org, plan: planID, kind: "demo.seeded", actor: leader,
                data: ["assignments": reps.count, "proposals": reps.count])
        }
        plan = try await transition(
            caller: directorCaller, plan: planID, version: plan.plan.version, action: .submitForApproval,
            comment: "Every rep agreed; the regions' goals are the sums of their reps' targets.")
        _ = try await transition(
            caller: leaderCaller, plan: planID, version: plan.plan.version, action: .approve,
            comment: "Approved for the year.")

        // The quarterly review's open item: a team lead moves part of a rep's revenue to the last month.
        if let rep = reps.first(where: { (agreed[$0.id]?["revenue"]?.last ?? 0) > 0 }),
            let months = agreed[rep.id]?["revenue"]
        {
            let lead = Caller(orgID: org, userID: rep.manager, role: .manager, unitID: rep.unit, tokenID: UUID())
            let last = start.adding(months: 11)
            if Adjustments.mayChange(month: last, today: today) {
                _ = try await requestAdjustment(
                    caller: lead, plan: planID,
                    reason: "Q\((today.month - 1) / 3 + 1) review: a key account's order moves to \(last)",
                    changes: [
                        AdjustmentChange(repID: rep.id, metric: "revenue", month: last.description, value: months[11] * 6 / 5)
                    ],
                    today: today)
            }
        }
        return planID
    }
}
