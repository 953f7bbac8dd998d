import Foundation

/// Which side of the negotiation wrote a proposal.
public enum ProposalSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// The rep, on their own assignment.
    case rep
    /// A manager of the rep's unit or above, or a leader.
    case manager

    /// The side that may accept this side's proposals.
    public var other: ProposalSide { self == .rep ? .manager : .rep }
}

/// What a proposal is in the conversation.
public enum ProposalKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The rep's first proposal.
    case estimate
    /// The manager side's first proposal.
    case topDown = "top_down"
    /// Any later proposal from either side.
    case counter
}

/// Whether a proposal is still on the table.
public enum ProposalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Can be accepted by the other side.
    case open
    /// Accepted: its values are the assignment's agreed values.
    case accepted
    /// Replaced by a newer proposal from the same side.
    case superseded
}

/// Where one rep's assignment is in the negotiation.
public enum AssignmentState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nobody has proposed anything the manager side must answer yet.
    case awaitingEstimate = "awaiting_estimate"
    /// The rep proposed last.
    case estimateSubmitted = "estimate_submitted"
    /// The manager side proposed last.
    case countered
    /// A proposal was accepted.
    case agreed
}

/// The part of an existing proposal the negotiation rules look at.
public struct ProposalSummary: Sendable, Hashable {
    /// Proposal id.
    public var id: UUID
    /// Who wrote it.
    public var side: ProposalSide
    /// Whether it is still open.
    public var status: ProposalStatus

    /// A proposal summary.
    public init(id: UUID, side: ProposalSide, status: ProposalStatus) {
        self.id = id
        self.side = side
        self.status = status
    }
}

/// What happens when a new proposal is posted.
public struct ProposalOutcome: Sendable, Hashable {
    /// The new proposal's kind.
    public var kind: ProposalKind
    /// Ids of the same side's open proposals that the new one supersedes.
    public var superseded: [UUID]
    /// The assignment's state afterwards.
    public var assignmentState: AssignmentState
}

/// Why a proposal or acceptance was refused.
public enum NegotiationError: Error, Sendable, Hashable {
    /// The plan or proposal is in a state that does not allow it (409 `invalid_state`).
    case invalidState(String)
    /// The actor may not do it, e.g. accept their own side's proposal (403).
    case forbidden(String)
}

/// The negotiation rules on one assignment (contract: Assignments and the negotiation).
public enum Negotiation {
    /// Plan states in which proposals and acceptances are allowed.
    public static let openPlanStates: Set<PlanState> = [.proposed, .inDiscussion]

    /// Kind of a new proposal by `side`, given the sides of the assignment's existing proposals.
    public static func kind(of side: ProposalSide, existingSides: [ProposalSide]) -> ProposalKind {
        if existingSides.contains(side) { return .counter }
        return side == .rep ? .estimate : .topDown
    }

    /// Assignment state right after a proposal by `side`.
    public static func stateAfterProposal(by side: ProposalSide) -> AssignmentState {
        side == .rep ? .estimateSubmitted : .countered
    }

    /// The effect of posting a new proposal. Posting after agreement reopens the negotiation; the accepted
    /// proposal stays accepted in the history until a new acceptance.
    public static func propose(
        by side: ProposalSide, planState: PlanState, existing: [ProposalSummary]
    ) throws(NegotiationError) -> ProposalOutcome {
        guard openPlanStates.contains(planState) else {
            throw .invalidState("proposals are allowed only while the plan is proposed or in_discussion")
        }
        return ProposalOutcome(
            kind: kind(of: side, existingSides: existing.map(\.side)),
            superseded: existing.filter { $0.side == side && $0.status == .open }.map(\.id),
            assignmentState: stateAfterProposal(by: side))
    }

    /// The assignment state after `side` accepts the proposal (always `agreed`), or why it may not.
    public static func accept(
        _ proposal: ProposalSummary, by side: ProposalSide, planState: PlanState
    ) throws(NegotiationError) -> AssignmentState {
        guard openPlanStates.contains(planState) else {
            throw .invalidState("proposals can be accepted only while the plan is proposed or in_discussion")
        }
        guard proposal.side != side else { throw .forbidden("a proposal can only be accepted by the other side") }
        guard proposal.status == .open else {
            throw .invalidState("the proposal is \(proposal.status.rawValue), not open")
        }
        return .agreed
    }
}
