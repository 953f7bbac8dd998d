/// A user's one role in the organization; what it allows is decided in `Permissions` and `Workflow`.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Manages units, users, tokens and org settings; reads everything. Not a leader: takes no plan decisions.
    case admin
    /// Acts as a manager on every unit, sets goals anywhere, approves plans and adjustments.
    case leader
    /// Acts on the units they manage and everything below them.
    case manager
    /// Negotiates their own assignment.
    case rep
    /// Reads everything, changes nothing (finance, HR).
    case viewer
}
