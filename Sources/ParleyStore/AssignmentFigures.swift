import Foundation
import Postgres

/// `assignment_figures` (migration 0009): each assignment's annual figures, one narrow row per plan metric, which
/// reconciliation sums per unit.
///
/// The rows are derived from `assignments` and rewritten by the statement `refresh` returns, which every use case
/// that writes an assignment's figures (annuals, agreed values, last year) sends after its write, in the same
/// transaction and usually the same pipeline. `AssignmentFiguresTests` checks, after every kind of write, that the
/// rows equal what `assignments` says.
enum AssignmentFigures {
    /// Rewrites the rows of `reps`' assignments in `plan`, or of all its assignments when `reps` is nil.
    static func refresh(org: UUID, plan: UUID, reps: [UUID]? = nil) -> SQL {
        """
        INSERT INTO assignment_figures (org_id, plan_id, rep_id, metric, unit_id, top_down, bottom_up, agreed, last_year)
        SELECT a.org_id, a.plan_id, a.rep_id, m.key, a.unit_id, (a.top_down_annuals ->> m.key)::bigint,
               (a.bottom_up_annuals ->> m.key)::bigint, (a.agreed_annuals ->> m.key)::bigint,
               coalesce((a.last_year_annuals ->> m.key)::bigint, 0)
        FROM assignments a
        JOIN plans p ON p.org_id = a.org_id AND p.plan_id = a.plan_id
        CROSS JOIN LATERAL (SELECT d ->> 'key' AS key FROM jsonb_array_elements(p.metrics) AS d) AS m
        WHERE a.org_id = \(org) AND a.plan_id = \(plan) AND (\(reps == nil) OR a.rep_id = ANY(\(reps ?? [])::uuid[]))
        ON CONFLICT (org_id, plan_id, rep_id, metric) DO UPDATE
        SET unit_id = excluded.unit_id, top_down = excluded.top_down, bottom_up = excluded.bottom_up,
            agreed = excluded.agreed, last_year = excluded.last_year
        """
    }
}
