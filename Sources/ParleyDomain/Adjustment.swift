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

    /// The adjustment's state after the decision: permission first, then state, then the comment rule.
    ///
    /// - Parameters:
    ///   - isApprover: the actor is one of the plan's approvers.
    ///   - isRequester: the actor requested the adjustment (may withdraw it, may not decide on it).
    public static func decide(
        _ action: AdjustmentAction, in state: AdjustmentState, isApprover: Bool, isRequester: Bool, comment: String?
    ) throws(AdjustmentError) -> AdjustmentState {
        switch action {
        case .approve, .reject:
            guard isApprover, !isRequester else { throw .forbidden }
        case .withdraw:
            guard isRequester else { throw .forbidden }
        }
        guard state == .pending else { throw .invalidState("the adjustment is \(state.rawValue), not pending") }
        switch action {
        case .approve:
            return .approved
        case .reject:
            guard Workflow.hasText(comment) else { throw .guardFailed(reasons: ["a comment is required"]) }
            return .rejected
        case .withdraw:
            return .withdrawn
        }
    }
}
