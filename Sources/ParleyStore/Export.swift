import Foundation
import ParleyDomain
import Postgres

/// One line of the targets export.
public struct TargetLine: Sendable {
    /// The rep's e-mail.
    public var repEmail: String
    /// The rep's name.
    public var repName: String
    /// The rep's unit name.
    public var unit: String
    /// Metric key.
    public var metric: String
    public var month: YearMonth
    /// Target.
    public var value: Int64
}

extension Store {
    /// The targets the caller may see: agreed values, or the latest proposal where nothing is agreed yet.
    public func targetLines(caller: Caller, plan planID: UUID) async throws -> [TargetLine] {
        try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            let plan = try tx.plan(planID, org: org)
            let tree = try tx.unitTree(org: org)
            let rows = try tx.query(
                """
                SELECT a.rep_id, a.unit_id, u.email, u.name, n.name,
                       coalesce(a.agreed, (SELECT p."values" FROM proposals p WHERE p.org_id = a.org_id AND p.plan_id = a.plan_id
                                           AND p.rep_id = a.rep_id ORDER BY p.seq DESC LIMIT 1))::text
                FROM assignments a
                JOIN users u ON u.org_id = a.org_id AND u.user_id = a.rep_id
                JOIN units n ON n.org_id = a.org_id AND n.unit_id = a.unit_id
                WHERE a.org_id = \(org) AND a.plan_id = \(planID)
                ORDER BY u.email
                """)
            let months = plan.monthList
            var lines: [TargetLine] = []
            for row in rows {
                let (rep, repUnit, email, name, unit, agreed) = try row.decode(
                    (UUID, UUID, String, String, String, JSONColumn<MonthlyValues>?).self)
                guard Permissions.maySeeAssignment(caller.viewer, repID: rep, repUnit: repUnit, tree: tree),
                    let values = agreed?.value
                else { continue }
                for metric in plan.metrics {
                    for (index, value) in (values[metric.key] ?? []).enumerated() where index < months.count {
                        lines.append(
                            TargetLine(
                                repEmail: email, repName: name, unit: unit,
                                metric: metric.key, month: months[index], value: value))
                    }
                }
            }
            return lines
        }
    }
}
