/// Where a plan is in its life; the transitions between states are in `Workflow.transitions`.
public enum PlanState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being set up; goals and settings may change.
    case draft
    /// Published to the reps; assignments exist and proposals may start.
    case proposed
    /// Reps and managers negotiate.
    case inDiscussion = "in_discussion"
    /// Submitted; waiting for the approvers.
    case pendingApproval = "pending_approval"
    /// Approved; changes only through adjustments.
    case locked
    /// Retired; read-only.
    case archived
}

/// An action that moves a plan between states (`POST /v1/plans/{id}/transitions`).
public enum PlanAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// draft → proposed.
    case publish
    /// proposed → in_discussion.
    case openDiscussion = "open_discussion"
    /// in_discussion → pending_approval.
    case submitForApproval = "submit_for_approval"
    /// pending_approval → locked once enough approvers agree.
    case approve
    /// pending_approval → in_discussion.
    case reject
    /// locked → archived.
    case archive
}
