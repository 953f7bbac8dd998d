import Foundation
import ParleyDomain
import Postgres

extension Store {
    /// Gives the demo organization last year's weekly actuals and next year's plan in discussion: goals for the
    /// org and its regions (last year's seasonality, +15 %), and a mix of agreed, countered and missing estimates.
    ///
    /// Everything is written in a few set-based statements so that 10,000 reps seed in seconds; the plan's
    /// event log records the seeding as events of its own rather than one per proposal.
    func seedDemoPlan(
        _ tx: PostgresTransaction, org: UUID, root: UUID, regions: [UUID], leader: UUID,
        reps: [(id: UUID, unit: UUID, hired: LocalDate, manager: UUID)], today: LocalDate
    ) throws -> UUID {
        let start = YearMonth(year: today.year + 1, month: 1)!
        let from = start.adding(months: -12)
        // Weekly actuals, dated Fridays, with a seasonal shape and per-rep noise; none before a rep was hired.
        try tx.execute(
            """
            INSERT INTO actuals (org_id, user_id, metric, day, value)
            SELECT \(org), r.id, m.metric, d::date,
                   (m.base * (70 + (hashtext(r.id::text || m.metric) & 2147483647) % 61) / 100.0
                     * (80 + (hashtext(r.id::text || d::text || m.metric) & 2147483647) % 41) / 100.0
                     * (ARRAY[80, 85, 95, 100, 100, 105, 95, 90, 105, 110, 115, 125])[extract(month FROM d)::int] / 100.0)::bigint
            FROM unnest(\(reps.map(\.id))::uuid[], \(reps.map(\.hired.description))::date[]) AS r(id, hired)
            CROSS JOIN (VALUES ('revenue', 25000000::bigint), ('qualified_leads', 8), ('visits', 10)) AS m(metric, base)
            CROSS JOIN generate_series(\(from.firstDay.description)::date, \(start.firstDay.description)::date - 1, '1 day') AS d
            WHERE extract(isodow FROM d) = 5 AND d >= r.hired
            """)
        try tx.execute(
            """
            INSERT INTO actuals_monthly (org_id, user_id, metric, month, value)
            SELECT org_id, user_id, metric, date_trunc('month', day)::date, sum(value) FROM actuals
            WHERE org_id = \(org) GROUP BY 1, 2, 3, 4
            """)
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
        try Events.append(tx, org: org, plan: planID, kind: "plan.created", actor: leader, data: ["name": "FY\(start.year) targets"])

        // Last year per rep and metric, by month.
        var history: [UUID: [String: [Int64]]] = [:]
        for row in try tx.query(
            """
            SELECT user_id, metric, extract(month FROM day)::int, sum(value) FROM actuals
            WHERE org_id = \(org) AND day >= \(from.firstDay.description)::date AND day < \(start.firstDay.description)::date
            GROUP BY 1, 2, 3
            """)
        {
            history[try row.decode(0), default: [:]][try row.decode(1), default: Array(repeating: 0, count: 12)][try row.decode(2, as: Int.self) - 1] =
                try row.decode(3)
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
            try Events.append(tx, org: org, plan: planID, kind: "goal.created", actor: leader, data: GoalEvent(unitID: unit, values: values, capacity: [:], version: 1))
        }

        // Assignments and proposals: every third rep agreed, every third countered, every third not yet estimated.
        var assignmentRows: (
            ids: [UUID], units: [UUID], ramps: [Int], states: [String], agreed: [String?], estimates: [String?], counters: [String?]
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
            assignmentRows.estimates.append(state == .awaitingEstimate ? nil : try JSONCoding.encode(estimate))
            assignmentRows.counters.append(state == .countered ? try JSONCoding.encode(counter) : nil)
        }
        try tx.execute(
            """
            INSERT INTO assignments (org_id, plan_id, rep_id, unit_id, ramp_months_in_plan, state, agreed, version,
                bottom_up_annuals, top_down_annuals)
            SELECT \(org), \(planID), a.rep, a.unit, a.ramp, a.state, a.agreed::jsonb, 1 + (a.state <> 'awaiting_estimate')::int,
                parley_annuals(a.estimate::jsonb), parley_annuals(a.counter::jsonb)
            FROM unnest(\(assignmentRows.ids)::uuid[], \(assignmentRows.units)::uuid[], \(assignmentRows.ramps)::int[],
                        \(assignmentRows.states)::text[], \(assignmentRows.agreed)::text[], \(assignmentRows.estimates)::text[],
                        \(assignmentRows.counters)::text[]) AS a(rep, unit, ramp, state, agreed, estimate, counter)
            """)
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
            data: ["assignments": reps.count, "proposals": proposalRows.ids.count])
        return planID
    }
}
