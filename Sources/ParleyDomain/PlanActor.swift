/// The facts about a user that decide which plan transitions they may take.
public struct PlanActor: Sendable, Hashable {
    /// The user's role.
    public var role: Role
    /// Whether the user manages the plan's scope unit or one of its ancestors.
    public var managesScope: Bool
    /// Whether the user is one of the plan's approvers.
    public var isApprover: Bool
    /// Whether the user submitted the approval now pending (so may not approve it: four eyes).
    public var isSubmitter: Bool

    /// An actor description.
    public init(role: Role, managesScope: Bool = false, isApprover: Bool = false, isSubmitter: Bool = false) {
        self.role = role
        self.managesScope = managesScope
        self.isApprover = isApprover
        self.isSubmitter = isSubmitter
    }
}
