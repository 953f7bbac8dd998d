import Foundation

/// Where a post-lock adjustment is in its review.
public enum AdjustmentState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for an approver.
    case pending
    /// Applied to the plan as a new revision.
    case approved
    /// Turned down by an approver.
    case rejected
    /// Taken back by the requester.
    case withdrawn
}

/// A decision on a pending adjustment.
public enum AdjustmentAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Apply the changes.
    case approve
    /// Turn the changes down (comment required).
    case reject
    /// Take the request back (requester only).
    case withdraw
}

/// Why an adjustment request or decision was refused.
public enum AdjustmentError: Error, Sendable, Hashable {
    /// The adjustment is no longer pending, or the plan is not locked (409 `invalid_state`).
    case invalidState(String)
    /// The actor may not take this decision (403).
    case forbidden
    /// A precondition fails, e.g. a month that may no longer change (422 `guard_failed`).
    case guardFailed(reasons: [String])
}

/// Rules of the quarterly review: which months may change and who decides (contract: Adjustments after lock).
public enum Adjustments {
    /// Whether a month may still change: strictly after the month containing `today`, so the past and the
    /// running month (whose actuals are already coming in) stay as agreed.
    public static func mayChange(month: YearMonth, today: LocalDate) -> Bool {
        month > today.yearMonth
    }

    /// Reasons the requested months may not change; empty when every month is in the future.
    public static func monthFailures(_ months: [YearMonth], today: LocalDate) -> [String] {
        months.filter { !mayChange(month: $0, today: today) }.map {
            "month \($0) may no longer change (only months after \(today.yearMonth))"
        }
    }

    /// Whether a new adjustment may be requested on a plan in this state.
    public static func mayRequest(planState: PlanState) -> Bool { planState == .locked }

    /// Who may take a decision on an adjustment.
    public enum Permission: Sendable, Hashable {
        /// A plan approver who did not request it: nobody approves their own request.
        case approverNotRequester
        /// Whoever requested it.
        case requester
    }

    /// The precondition a decision checks beyond the actor.
    public enum Guard: Sendable, Hashable {
        /// No precondition (approval's month and plan checks need the database: the store makes them).
        case none
        /// A non-empty comment.
        case commentRequired
    }

    /// One row of the review's transition table.
    public struct Transition: Sendable, Hashable {
        public let from: AdjustmentState
        public let action: AdjustmentAction
        public let to: AdjustmentState
        public let permission: Permission
        public let guardKind: Guard
    }

    /// The whole review, read like `Workflow.transitions`: every decision starts from `pending`.
    public static let transitions: [Transition] = [
        Transition(from: .pending, action: .approve, to: .approved, permission: .approverNotRequester, guardKind: .none),
        Transition(
            from: .pending, action: .reject, to: .rejected, permission: .approverNotRequester,
            guardKind: .commentRequired),
        Transition(from: .pending, action: .withdraw, to: .withdrawn, permission: .requester, guardKind: .none),
    ]

    /// Whether the actor satisfies a permission.
    public static func permits(_ permission: Permission, isApprover: Bool, isRequester: Bool) -> Bool {
        switch permission {
        case .approverNotRequester: return isApprover && !isRequester
        case .requester: return isRequester
        }
    }

    /// The adjustment's state after the decision, or why it is refused: in the plan workflow's order, wrong
    /// state first, then permission, then guard.
    ///
    /// - Parameters:
    ///   - isApprover: the actor is one of the plan's approvers.
    ///   - isRequester: the actor requested the adjustment (may withdraw it, may not decide on it).
    public static func decide(
        _ action: AdjustmentAction, in state: AdjustmentState, isApprover: Bool, isRequester: Bool, comment: String?
    ) throws(AdjustmentError) -> AdjustmentState {
        guard let row = transitions.first(where: { $0.from == state && $0.action == action }) else {
            throw .invalidState("the adjustment is \(state.rawValue), not pending")
        }
        guard permits(row.permission, isApprover: isApprover, isRequester: isRequester) else { throw .forbidden }
        switch row.guardKind {
        case .none: break
        case .commentRequired:
            guard Workflow.hasText(comment) else { throw .guardFailed(reasons: ["a comment is required"]) }
        }
        return row.to
    }
}

/// One rep's agreed values as an adjustment's impact sees them.
public struct AgreedTargets: Sendable, Hashable {
    public var repID: UUID
    /// The rep's unit in the plan.
    public var unitID: UUID
    /// Monthly values per metric.
    public var values: [String: [Int64]]

    /// Agreed targets.
    public init(repID: UUID, unitID: UUID, values: [String: [Int64]]) {
        self.repID = repID
        self.unitID = unitID
        self.values = values
    }
}

/// How an adjustment moves one unit's agreed total of one metric against its goal.
public struct UnitImpact: Sendable, Hashable {
    /// The unit with the goal.
    public var unitID: UUID
    public var metric: String
    /// The unit's annual goal.
    public var goal: Int64
    /// Agreed total over the unit's subtree before the adjustment.
    public var agreedBefore: Int64
    /// ... and after it.
    public var agreedAfter: Int64
}

extension Adjustments {
    /// For every unit with a goal whose subtree holds a changed rep: goal, agreed total before and after, per
    /// changed metric, ordered by unit id and metric.
    ///
    /// Every total must stay within ±(2^53 - 1) to be stated exactly; one that does not is a `changes` error.
    ///
    /// - Parameters:
    ///   - goals: monthly goal values per metric, by unit.
    ///   - agreed: every assignment of the plan with its current agreed values.
    ///   - after: the changed reps' values once every change is applied.
    public static func impact(
        goals: [UUID: [String: [Int64]]], tree: UnitTree, agreed: [AgreedTargets], after: [UUID: [String: [Int64]]],
        metrics: Set<String>
    ) throws(ValidationError) -> [UnitImpact] {
        let changedUnits = Set(agreed.filter { after[$0.repID] != nil }.map(\.unitID))
        var result: [UnitImpact] = []
        for unit in goals.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            let subtree = Set(tree.subtree(of: unit))
            guard !changedUnits.isDisjoint(with: subtree), let goal = goals[unit] else { continue }
            for metric in metrics.sorted() {
                var before = ExactSum()
                var afterSum = ExactSum()
                for assignment in agreed where subtree.contains(assignment.unitID) {
                    for value in assignment.values[metric] ?? [] { before.add(value) }
                    for value in (after[assignment.repID] ?? assignment.values)[metric] ?? [] { afterSum.add(value) }
                }
                guard let goalValue = WideArithmetic.exactSum(goal[metric] ?? []), let agreedBefore = before.value,
                    let agreedAfter = afterSum.value
                else {
                    throw ValidationError([
                        FieldError(
                            field: "changes",
                            message: "the agreed \(metric) of unit \(unit.uuidString.lowercased()) would sum beyond "
                                + "±\(MetricValues.maxValue)")
                    ])
                }
                result.append(
                    UnitImpact(
                        unitID: unit, metric: metric, goal: goalValue, agreedBefore: agreedBefore,
                        agreedAfter: agreedAfter))
            }
        }
        return result
    }
}
