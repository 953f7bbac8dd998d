import Crypto
import Foundation
import ParleyDomain
import Postgres

/// One event of a plan's append-only log.
public struct EventRecord: Sendable {
    /// Position in the plan's chain, from 1.
    public var seq: Int64
    /// What happened, e.g. `proposal.created`.
    public var kind: String
    /// Who did it.
    public var actorID: UUID
    /// When, as hashed: RFC 3339 UTC with microseconds.
    public var at: String
    /// Event data, the exact JSON text that was hashed.
    public var data: String
    /// Hash of the previous event (64 zeros for the first).
    public var prevHash: String
    /// This event's hash.
    public var hash: String
}

/// The per-plan event log and its SHA-256 hash chain.
///
/// Canonical encoding: `hash = lowercase hex SHA-256 of the UTF-8 text
/// prev_hash "\n" seq "\n" kind "\n" actor_id "\n" at "\n" data`, where `seq` is decimal, `actor_id` a
/// lowercase UUID, `at` is `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds) and `data` is the event's
/// JSON text exactly as stored (keys sorted, no insignificant whitespace). The first event's `prev_hash`
/// is 64 zeros.
public enum Events {
    /// The `NOTIFY` channel that announces new events (`<plan_id>:<seq>`, sent when the transaction commits).
    public static let channel = "parley_events"

    /// 64 zeros: the `prev_hash` of a plan's first event.
    public static let genesis = String(repeating: "0", count: 64)

    static let atFormat: SQL = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

    /// Starts a new plan's chain (in the transaction that creates the plan, before its first event).
    static func startChain(_ tx: PostgresTransaction, org: UUID, plan: UUID) throws {
        try tx.execute(
            """
            INSERT INTO plan_chain_heads (org_id, plan_id, event_seq, event_hash)
            VALUES (\(org), \(plan), 0, \(Events.genesis))
            """)
    }

    /// Appends an event, locking the plan's chain head (which keeps the chain linear) for the rest of the
    /// transaction.
    ///
    /// Use cases that only need the plan to stay in some states (a proposal needs it open) read it unlocked
    /// and pass `states`: the state is re-checked under `FOR KEY SHARE` ahead of `writes`, in the same
    /// pipeline (`parley_require` fails the statement, so nothing after it runs), which waits for a
    /// transition in flight (transitions hold the plan `FOR UPDATE`) and keeps one from starting until this
    /// transaction ends; it refuses with `invalidState` if a transition committed meanwhile. `FOR KEY SHARE`
    /// is the lock the inserts' own foreign-key checks already hold on the plan, so writers on one plan
    /// never wait for each other on the plan row, only on the chain head, and only until they commit.
    ///
    /// The event is a use case's last write, so by default its statement carries the `COMMIT`
    /// (`queryAndCommit`): the chain head, which every writer of the plan waits for, is then held for the
    /// commit itself and not for another round trip. No statement may follow; `commit: false` (the demo,
    /// which appends several events in one transaction) leaves the transaction open.
    ///
    /// `writes` are the use case's own last statements, which the event records: they are sent before the
    /// append in the same round trip, and their rows returned. They must not need each other's results.
    @discardableResult
    static func append(
        _ tx: PostgresTransaction, org: UUID, plan: UUID, kind: String, actor: UUID, data: some Encodable & Sendable,
        whileIn states: Set<PlanState>? = nil, commit: Bool = true, with writes: [SQL] = []
    ) throws -> [PostgresRows] {
        // The state check goes first in the same pipeline; when it fails (`parley_require`), the server skips the
        // writes, the append and the COMMIT.
        let checks = states.map { [requireState(org: org, plan: plan, in: $0)] } ?? []
        do {
            let rows = try record(
                tx, org: org, plan: plan, [Pending(kind: kind, actor: actor, data: data)], after: checks + writes,
                commit: commit)
            return Array(rows.dropFirst(checks.count))
        } catch let error as PostgresError where error.sqlState == "PR001" {
            throw StoreError.invalidState(Self.stateChanged)
        }
    }

    /// Fails (`parley_require`, so the statements after it in its pipeline do not run) unless the plan is in one of
    /// `states`, under `FOR KEY SHARE`: see `append`.
    private static func requireState(org: UUID, plan: UUID, in states: Set<PlanState>) -> SQL {
        let allowed = states.map(\.rawValue).sorted()
        return """
            SELECT parley_require(EXISTS (
                SELECT 1 FROM plans WHERE org_id = \(org) AND plan_id = \(plan) AND state = ANY(\(allowed)::text[])
                FOR KEY SHARE), \(Self.stateChanged))
            """
    }

    /// An event not yet in the chain: what `record` links.
    struct Pending: Sendable {
        var kind: String
        var actor: UUID
        /// The JSON text that is stored and hashed.
        var data: String

        init(kind: String, actor: UUID, data: some Encodable & Sendable) throws {
            self.kind = kind
            self.actor = actor
            self.data = try JSONCoding.encode(data)
        }
    }

    /// Sends `statements`, then links `events` into the plan's chain (`parley_append_events`, migration 0011), and
    /// by default the `COMMIT`, in one round trip; returns the rows of `statements`. Then announces the first new
    /// event while someone watches the plan (a stream fetches everything after what it has, so one announcement
    /// serves a group commit's many events).
    static func record(
        _ tx: PostgresTransaction, org: UUID, plan: UUID, _ events: [Pending], after statements: [SQL] = [],
        commit: Bool = true
    ) throws -> [PostgresRows] {
        let append: SQL = """
            SELECT first_seq, watched FROM parley_append_events(\(org), \(plan), \(events.map(\.kind))::text[],
                                                                \(events.map(\.actor))::uuid[], \(events.map(\.data))::text[])
            """
        let all = statements + [append]
        let results = try commit ? tx.queryAndCommit(all) : all.map(tx.query)
        guard let row = results[statements.count].first else { throw StoreError.notFound }
        // NOTIFY in a statement of its own, and only while someone watches: on Citus the append runs on the worker
        // holding the plan's shard, where no instance LISTENs; this runs on the coordinator.
        let (seq, watched) = try row.decode((Int64, Bool).self)
        let announcement = plan.uuidString.lowercased() + ":" + String(seq)
        if watched && tx.hasCommitted {
            // Sent once the commit released the chain head. Its failure must not fail a request whose write is
            // stored: each stream's heartbeat re-reads its plan (EventHub.tick), so a lost announcement only
            // delays the event by a heartbeat.
            try? tx.notify(channel: Events.channel, payload: announcement)
        } else if watched {
            try tx.notify(channel: Events.channel, payload: announcement)
        }
        return Array(results.prefix(statements.count))
    }

    private static let stateChanged = "the plan changed state meanwhile; nothing was recorded"

    /// The hash of an event under the canonical encoding.
    public static func hash(prevHash: String, seq: Int64, kind: String, actorID: UUID, at: String, data: String) -> String {
        let text = "\(prevHash)\n\(seq)\n\(kind)\n\(actorID.uuidString.lowercased())\n\(at)\n\(data)"
        return SHA256.hash(data: Data(text.utf8)).hexString
    }

    static func rows(_ tx: PostgresTransaction, org: UUID, plan: UUID, after: Int64, limit: Int) throws -> [EventRecord] {
        try tx.query(
            """
            SELECT seq, kind, actor_id, \(atFormat), data::text, prev_hash, hash FROM events
            WHERE org_id = \(org) AND plan_id = \(plan) AND seq > \(after) ORDER BY seq LIMIT \(limit)
            """
        ).map {
            let (seq, kind, actor, at, data, prevHash, hash) = try $0.decode(
                (Int64, String, UUID, String, String, String, String).self)
            return EventRecord(seq: seq, kind: kind, actorID: actor, at: at, data: data, prevHash: prevHash, hash: hash)
        }
    }
}

/// The result of recomputing a plan's chain.
public struct AuditResult: Sendable, Equatable {
    /// Whether every link holds.
    public var ok: Bool
    /// Events checked.
    public var events: Int
    /// The first event whose hash or link is wrong.
    public var brokenAt: Int64?
}

extension Store {
    /// Events after `after`, oldest first (readers of the whole plan only).
    public func events(caller: Caller, plan: UUID, after: Int64, limit: Int) async throws -> [EventRecord] {
        try await transaction(caller.orgID) { tx in
            let record = try tx.plan(plan, org: caller.orgID)
            try Self.requireWholePlanReader(tx, caller: caller, plan: record)
            return try Events.rows(tx, org: caller.orgID, plan: plan, after: after, limit: limit)
        }
    }

    /// Recomputes the plan's hash chain in Swift, independently of the SQL that wrote it.
    public func verifyAudit(caller: Caller?, org: UUID, plan: UUID) async throws -> AuditResult {
        try await transaction(org) { tx in
            let record = try tx.plan(plan, org: org)
            if let caller { try Self.requireWholePlanReader(tx, caller: caller, plan: record) }
            var previous = Events.genesis
            var count = 0
            var after: Int64 = 0
            while true {
                let batch = try Events.rows(tx, org: org, plan: plan, after: after, limit: 5000)
                if batch.isEmpty { break }
                for event in batch {
                    let expected = Events.hash(
                        prevHash: previous, seq: event.seq, kind: event.kind, actorID: event.actorID, at: event.at, data: event.data)
                    if event.seq != after + 1 || event.prevHash != previous || event.hash != expected {
                        return AuditResult(ok: false, events: count, brokenAt: event.seq)
                    }
                    previous = event.hash
                    after = event.seq
                    count += 1
                }
            }
            // The plan row keeps the chain's head: without this check, deleting the newest events (with
            // whatever privilege it takes to bypass the trigger) would leave a shorter chain that verifies.
            let head = try tx.one(
                "SELECT event_seq, event_hash FROM plan_chain_heads WHERE org_id = \(org) AND plan_id = \(plan)")
            let (headSeq, headHash) = try head.decode((Int64, String).self)
            if headSeq != after {
                return AuditResult(ok: false, events: count, brokenAt: min(headSeq, after) + 1)
            }
            if headHash != previous {
                return AuditResult(ok: false, events: count, brokenAt: max(after, 1))
            }
            return AuditResult(ok: true, events: count, brokenAt: nil)
        }
    }

    /// Marks plans as watched by live streams on this instance for `seconds` (so their events are announced).
    public func watch(plans: [(org: UUID, plan: UUID)], instance: UUID, seconds: Int) async throws {
        for (org, plan) in plans {
            try await transaction(org) { tx in
                try tx.execute(
                    """
                    INSERT INTO stream_watchers (org_id, plan_id, instance_id, expires_at)
                    VALUES (\(org), \(plan), \(instance), now() + make_interval(secs => \(seconds)))
                    ON CONFLICT (org_id, plan_id, instance_id) DO UPDATE SET expires_at = excluded.expires_at
                    """)
            }
        }
    }

    /// The organization a plan belongs to, for operators who know only the plan's id.
    public func organization(ofPlan plan: UUID) async throws -> UUID {
        try await pool.transaction(org: nil, settings: ["app.plan_lookup": plan.uuidString.lowercased()]) { tx in
            try tx.one("SELECT org_id FROM plans WHERE plan_id = \(plan)").decode(UUID.self)
        }
    }

    /// Events, audit and approvals expose every rep's numbers: admins, leaders, viewers and managers of the
    /// plan's scope may read them.
    static func requireWholePlanReader(_ tx: PostgresTransaction, caller: Caller, plan: PlanRecord) throws {
        // Only a manager's answer depends on the tree: spare the query for everyone else.
        let tree = caller.role == .manager ? try tx.ancestry(of: plan.unitID, org: caller.orgID) : .empty
        if Permissions.mayReadAcrossReps(caller.viewer, unit: plan.unitID, tree: tree) { return }
        throw StoreError.forbidden("only admins, leaders, viewers and managers of the plan's scope may read this")
    }
}
