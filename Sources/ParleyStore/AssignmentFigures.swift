import Foundation
import Postgres

/// `assignment_figures` (migration 0009): each assignment's annual figures, one narrow row per plan metric, which
/// reconciliation sums per unit.
///
/// The rows are derived from `assignments` and rewritten by the statement `refresh` returns (the migration's
/// `parley_refresh_assignment_figures`, the one definition of the derivation), which every use case that writes an
/// assignment's figures (annuals, agreed values, last year) sends after its write, in the same transaction and
/// usually the same pipeline. `AssignmentFiguresTests` checks, after every kind of write, that the rows equal what
/// `assignments` says.
enum AssignmentFigures {
    /// Rewrites the rows of `reps`' assignments in `plan`, or of all its assignments when `reps` is nil.
    static func refresh(org: UUID, plan: UUID, reps: [UUID]? = nil) -> SQL {
        guard let reps else { return "SELECT parley_refresh_assignment_figures(\(org), \(plan), NULL)" }
        return "SELECT parley_refresh_assignment_figures(\(org), \(plan), \(reps)::uuid[])"
    }
}
