import Foundation
import ParleyDomain
import Postgres

/// Reads every use case shares, on the transaction they run in: `tx.plan(id, org:, lock:)`, `tx.unitTree(org:)`.
extension PostgresTransaction {
    /// A plan; `lock` takes `FOR UPDATE`, which (unlike `FOR NO KEY UPDATE`) conflicts with the
    /// `FOR KEY SHARE` that `Events.append` uses to re-check the state of a plan it did not lock. `commit`:
    /// this read is the transaction's last statement and carries its `COMMIT` (`queryAndCommit`).
    func plan(_ id: UUID, org: UUID, lock: Bool = false, commit: Bool = false) throws -> PlanRecord {
        let sql = Self.planQuery(id, org: org, lock: lock)
        return try Self.plan(from: commit ? queryAndCommit(sql) : query(sql))
    }

    /// The statement of `plan(_:org:lock:)`, to send in a pipeline with others; `plan(from:)` reads its rows.
    static func planQuery(_ id: UUID, org: UUID, lock: Bool = false) -> SQL {
        """
        SELECT \(PlanRecord.columns) FROM plans WHERE org_id = \(org) AND plan_id = \(id)
        \(lock ? "FOR UPDATE" : "" as SQL)
        """
    }

    /// The plan in the rows of `planQuery`; `notFound` when there is none.
    static func plan(from rows: PostgresRows) throws -> PlanRecord {
        guard let row = rows.first else { throw StoreError.notFound }
        return try PlanRecord(row: row)
    }

    /// The org's whole unit tree.
    func unitTree(org: UUID) throws -> UnitTree {
        try Self.tree(query("SELECT unit_id, parent_id, manager_id FROM units WHERE org_id = \(org)"))
    }

    /// `unit` and its ancestors only (one recursive query): enough for `UnitTree.manages(user:unit:)` to decide
    /// whether someone manages the unit, without reading the whole tree. Whether they do is decided there,
    /// and nowhere else.
    func ancestry(of unit: UUID, org: UUID) throws -> UnitTree {
        let rows = try query(
            """
            WITH RECURSIVE up AS (
                SELECT unit_id, parent_id, manager_id, 1 AS depth FROM units WHERE org_id = \(org) AND unit_id = \(unit)
                UNION ALL
                SELECT u.unit_id, u.parent_id, u.manager_id, up.depth + 1 FROM units u
                JOIN up ON u.org_id = \(org) AND u.unit_id = up.parent_id WHERE up.depth < 100
            )
            SELECT unit_id, parent_id, manager_id FROM up
            """)
        return try Self.tree(rows)
    }

    private static func tree(_ rows: PostgresRows) throws -> UnitTree {
        UnitTree(
            try rows.map {
                let (id, parent, manager) = try $0.decode((UUID, UUID?, UUID?).self)
                return UnitTree.Node(id: id, parentID: parent, managerID: manager)
            })
    }
}
