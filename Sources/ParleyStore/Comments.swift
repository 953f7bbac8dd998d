import Foundation
import ParleyDomain
import Postgres

/// A comment on a plan, optionally about one rep's assignment or proposal. Never edited or deleted.
public struct CommentRecord: Sendable {
    public var id: UUID
    public var authorID: UUID
    /// Text.
    public var body: String
    /// The rep whose assignment it concerns; such a comment is visible to that rep and those above them.
    public var repID: UUID?
    /// The proposal it concerns.
    public var proposalID: UUID?
    /// The comment it answers.
    public var parentID: UUID?
    /// When.
    public var createdAt: Date

    static let columns: SQL = "c.comment_id, c.author_id, c.body, c.rep_id, c.proposal_id, c.parent_id, c.created_at"

    init(row: PostgresRow) throws {
        (id, authorID, body, repID, proposalID, parentID, createdAt) = try row.decode(
            (UUID, UUID, String, UUID?, UUID?, UUID?, Date).self, at: 0)
    }
}

extension Store {
    /// Posts a comment. Reps comment on their own assignment (a rep's comment is about themself when
    /// `rep_id` is omitted); viewers read only. A reply inherits its parent's rep.
    ///
    /// A discussion burst (a team meeting, everyone commenting at once) is the hot case of one plan's chain, so
    /// concurrent comments on a plan share a transaction and a commit (`planEvents`); each is checked and fails
    /// on its own, as before.
    public func comment(
        caller: Caller, plan planID: UUID, body: String, repID: UUID?, proposalID: UUID?, parentID: UUID?
    ) async throws -> CommentRecord {
        try await planEvents.transaction(org: caller.orgID, key: planID) { tx in
            let org = caller.orgID
            _ = try tx.plan(planID, org: org)
            guard caller.role != .viewer else { throw StoreError.forbidden("viewers read only") }
            var repID = repID ?? (caller.role == .rep ? caller.userID : nil)
            if let parentID {
                let parent = try tx.query(
                    "SELECT rep_id FROM comments WHERE org_id = \(org) AND plan_id = \(planID) AND comment_id = \(parentID)")
                guard let row = parent.first else { throw StoreError.invalid("parent_id", "no such comment in this plan") }
                let parentRep = try row.decode(UUID?.self)
                if let parentRep {
                    if repID != nil && repID != parentRep {
                        throw StoreError.invalid("rep_id", "a reply is about the same rep as its parent")
                    }
                    repID = parentRep
                }
            }
            if let proposalID {
                let proposal = try tx.query(
                    "SELECT rep_id FROM proposals WHERE org_id = \(org) AND plan_id = \(planID) AND proposal_id = \(proposalID)")
                guard let row = proposal.first else { throw StoreError.invalid("proposal_id", "no such proposal in this plan") }
                let proposalRep = try row.decode(UUID.self)
                if repID != nil && repID != proposalRep {
                    throw StoreError.invalid("rep_id", "the proposal belongs to another rep")
                }
                repID = proposalRep
            }
            if let repID {
                // Only someone who may see the assignment may comment on it; others learn nothing (404).
                _ = try Self.visibleAssignment(tx, caller: caller, plan: planID, rep: repID, lock: false)
            } else if caller.role == .rep {
                throw StoreError.forbidden("reps comment on their own assignment")
            }
            let id = UUID()
            // Stamped when the insert arrives: a grouped comment's transaction may have begun before its request.
            return GroupedWrite(
                statements: [
                    """
                    INSERT INTO comments AS c (org_id, comment_id, plan_id, author_id, body, rep_id, proposal_id, parent_id,
                        created_at)
                    VALUES (\(org), \(id), \(planID), \(caller.userID), \(body), \(repID), \(proposalID), \(parentID),
                        statement_timestamp())
                    RETURNING \(CommentRecord.columns)
                    """
                ],
                record: try Events.Pending(
                    kind: "comment.created", actor: caller.userID,
                    data: ["comment_id": id.uuidString.lowercased(), "rep_id": repID?.uuidString.lowercased() ?? ""]),
                result: { rows in try CommentRecord(row: rows[0].first.orThrow(StoreError.notFound)) })
        }
    }

    /// The comments the caller may see, oldest first, optionally only those about one rep.
    public func comments(caller: Caller, plan planID: UUID, repID: UUID?, limit: Int, cursor: String?) async throws
        -> Page<CommentRecord>
    {
        let after = try cursor.map { try Int64($0).orThrow(StoreError.invalid("cursor", "is not a cursor from this list")) }
        return try await transaction(caller.orgID) { tx in
            let org = caller.orgID
            _ = try tx.plan(planID, org: org)
            let tree = try tx.unitTree(org: org)
            var visible: [(seq: Int64, comment: CommentRecord)] = []
            var last = after ?? 0
            while visible.count <= limit {
                let rows = try tx.query(
                    """
                    SELECT \(CommentRecord.columns), c.seq, a.unit_id FROM comments c
                    LEFT JOIN assignments a ON a.org_id = c.org_id AND a.plan_id = c.plan_id AND a.rep_id = c.rep_id
                    WHERE c.org_id = \(org) AND c.plan_id = \(planID) AND c.seq > \(last)
                      AND (\(repID)::uuid IS NULL OR c.rep_id = \(repID)::uuid)
                    ORDER BY c.seq LIMIT 500
                    """)
                if rows.isEmpty { break }
                for row in rows {
                    let comment = try CommentRecord(row: row)
                    // The columns after the comment's own: its seq (the cursor) and the rep's unit.
                    let repUnit: UUID?
                    (last, repUnit) = try row.decode((Int64, UUID?).self, at: 7)
                    if Permissions.maySeeComment(caller.viewer, repID: comment.repID, repUnit: repUnit, tree: tree) {
                        visible.append((last, comment))
                    }
                }
            }
            let shown = Array(visible.prefix(limit))
            return Page(
                items: shown.map(\.comment), nextCursor: visible.count > limit ? shown.last.map { String($0.seq) } : nil)
        }
    }
}
