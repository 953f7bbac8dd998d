import Foundation

/// Why a plan transition was refused; the API maps each case to one status code.
public enum WorkflowError: Error, Sendable, Hashable {
    /// The action does not start from the plan's state (409 `invalid_transition`); `allowed` are the caller's options.
    case invalidTransition(allowed: [PlanAction])
    /// The actor may not take this action (403 `forbidden`).
    case forbidden
    /// The action's precondition does not hold (422 `guard_failed`).
    case guardFailed(reasons: [String])
}

/// The plan workflow: one transition table and the pure decision over it (contract: Plans and their workflow).
public enum Workflow {
    /// Who may take a transition.
    public enum Permission: Sendable, Hashable {
        /// A leader, or a manager of the scope unit or above.
        case leaderOrScopeManager
        /// A plan approver who did not submit the pending approval.
        case approverNotSubmitter
        /// Any plan approver.
        case approver
        case leader
    }

    /// The precondition a transition checks beyond the actor.
    public enum Guard: Sendable, Hashable {
        /// No precondition.
        case none
        /// A goal exists for the plan's scope unit.
        case goalExistsForScope
        /// Every assignment agreed, and goals met within tolerance or the gap explained in the comment.
        case readyForApproval
        /// The actor has not approved yet; locks only once enough distinct approvers agree.
        case approvalQuorum
        /// A non-empty comment.
        case commentRequired
    }

    /// One row of the transition table.
    public struct Transition: Sendable, Hashable {
        /// State the action starts from.
        public let from: PlanState
        public let action: PlanAction
        /// State the plan moves to when the guard passes (approve may stay put short of its quorum).
        public let to: PlanState
        /// Who may take it.
        public let permission: Permission
        /// What must hold.
        public let guardKind: Guard
    }

    /// The whole workflow. Each action starts from exactly one state.
    public static let transitions: [Transition] = [
        Transition(
            from: .draft, action: .publish, to: .proposed,
            permission: .leaderOrScopeManager, guardKind: .goalExistsForScope),
        Transition(
            from: .proposed, action: .openDiscussion, to: .inDiscussion,
            permission: .leaderOrScopeManager, guardKind: .none),
        Transition(
            from: .inDiscussion, action: .submitForApproval, to: .pendingApproval,
            permission: .leaderOrScopeManager, guardKind: .readyForApproval),
        Transition(
            from: .pendingApproval, action: .approve, to: .locked,
            permission: .approverNotSubmitter, guardKind: .approvalQuorum),
        Transition(
            from: .pendingApproval, action: .reject, to: .inDiscussion,
            permission: .approver, guardKind: .commentRequired),
        Transition(
            from: .locked, action: .archive, to: .archived,
            permission: .leader, guardKind: .none),
    ]

    /// The table row for an action from a state, if the action starts there.
    public static func transition(_ action: PlanAction, from state: PlanState) -> Transition? {
        transitions.first { $0.from == state && $0.action == action }
    }

    /// Whether the actor satisfies a permission. Admins are not leaders: they run the org, not the plans.
    public static func permits(_ permission: Permission, _ actor: PlanActor) -> Bool {
        switch permission {
        case .leaderOrScopeManager:
            return actor.role == .leader || (actor.role == .manager && actor.managesScope)
        case .approverNotSubmitter:
            return actor.isApprover && !actor.isSubmitter
        case .approver:
            return actor.isApprover
        case .leader:
            return actor.role == .leader
        }
    }

    /// Actions the actor may take from the state, in table order (the plan's `allowed_actions`).
    ///
    /// Guards are not evaluated: an action listed here may still fail with `guard_failed`.
    public static func allowedActions(in state: PlanState, for actor: PlanActor) -> [PlanAction] {
        transitions.filter { $0.from == state && permits($0.permission, actor) }.map(\.action)
    }

    /// The state after the action, or why it is refused: wrong state first, then permission, then guard.
    public static func decide(
        _ action: PlanAction, in state: PlanState, by actor: PlanActor, facts: GuardFacts
    ) throws(WorkflowError) -> PlanState {
        guard let row = transition(action, from: state) else {
            throw .invalidTransition(allowed: allowedActions(in: state, for: actor))
        }
        guard permits(row.permission, actor) else { throw .forbidden }
        let reasons = guardFailures(row.guardKind, facts: facts)
        guard reasons.isEmpty else { throw .guardFailed(reasons: reasons) }
        if row.guardKind == .approvalQuorum, facts.approvalsSoFar + 1 < max(facts.requiredApprovals, 1) {
            return state
        }
        return row.to
    }

    /// Human-readable reasons the guard fails; empty when it passes.
    public static func guardFailures(_ guardKind: Guard, facts: GuardFacts) -> [String] {
        switch guardKind {
        case .none:
            return []
        case .goalExistsForScope:
            return facts.goalExistsForScope ? [] : ["no goal is set for the plan's scope unit"]
        case .readyForApproval:
            return readinessFailures(facts)
        case .approvalQuorum:
            return facts.actorAlreadyApproved ? ["you have already approved this submission"] : []
        case .commentRequired:
            return hasText(facts.comment) ? [] : ["a comment is required"]
        }
    }

    /// Whether a comment says something (whitespace alone explains nothing).
    public static func hasText(_ comment: String?) -> Bool {
        guard let comment else { return false }
        return !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private static func readinessFailures(_ facts: GuardFacts) -> [String] {
        if facts.assignmentCount == 0 { return ["the plan has no assignments"] }
        // A comment may explain a missed goal, never a negotiation that has not ended.
        var reasons = facts.unagreedAssignments.map { "assignment of \($0) is not agreed" }
        for check in facts.goalChecks {
            guard let agreed = check.agreedSum else {
                // No comment explains a total that cannot even be stated exactly.
                reasons.append(
                    "\(check.unitName): agreed \(check.metric) sums beyond \(MetricValues.maxValue); "
                        + "lower the agreed values")
                continue
            }
            if !hasText(facts.comment),
                !WideArithmetic.isWithin(agreed, of: check.goal, toleranceBps: facts.toleranceBps)
            {
                reasons.append(
                    "\(check.unitName): agreed \(check.metric) \(agreed) is not within "
                        + "\(facts.toleranceBps) bps of the goal \(check.goal); explain the gap in a comment")
            }
        }
        return reasons
    }

    /// Whether a value is within `toleranceBps` of a goal: `|value - goal| * 10000 <= toleranceBps * |goal|`.
    public static func isWithinTolerance(_ value: Int64, goal: Int64, toleranceBps: Int64) -> Bool {
        WideArithmetic.isWithin(value, of: goal, toleranceBps: toleranceBps)
    }
}
