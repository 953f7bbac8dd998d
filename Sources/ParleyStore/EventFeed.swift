import Foundation
import ParleyDomain
import Postgres

extension Store {
    /// A plan's events after `after`, oldest first, read once for every stream open on the plan.
    ///
    /// No caller is checked here: each stream's caller was checked when it opened and is checked again on
    /// every heartbeat (`requireStreamReader`).
    public func feedEvents(org: UUID, plan: UUID, after: Int64, limit: Int) async throws -> [EventRecord] {
        try await transaction(org) { tx in
            try Events.rows(tx, org: org, plan: plan, after: after, limit: limit)
        }
    }

    /// Throws `forbidden` (or `notFound`) unless the caller may read the plan's whole event log now.
    ///
    /// Roles that read everything need no query: a plan is never deleted and the caller's org is the token's.
    public func requireStreamReader(caller: Caller, plan: UUID) async throws {
        if Permissions.mayReadEverything(caller.role) { return }
        try await transaction(caller.orgID) { tx in
            let record = try tx.plan(plan, org: caller.orgID)
            try Self.requireWholePlanReader(tx, caller: caller, plan: record)
        }
    }
}
