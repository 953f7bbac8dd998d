import Foundation

/// The caller as the permission rules see them.
public struct Viewer: Sendable, Hashable {
    /// The user's id.
    public var userID: UUID
    /// The user's role.
    public var role: Role
    /// The unit the user belongs to.
    public var unitID: UUID

    /// A viewer.
    public init(userID: UUID, role: Role, unitID: UUID) {
        self.userID = userID
        self.role = role
        self.unitID = unitID
    }
}

/// Who may read and do what (contract: Roles and scope). Pure functions of the caller and the org tree.
public enum Permissions {
    /// Units, users, tokens and org settings are the admin's alone.
    public static func mayManageOrg(_ role: Role) -> Bool { role == .admin }

    /// Who may list the directory: everyone but reps (managers need it to find their reps).
    public static func mayListDirectory(_ role: Role) -> Bool { role != .rep }

    /// Who may read one user's record: the user, read-all roles and managers.
    public static func mayReadUser(_ viewer: Viewer, userID: UUID) -> Bool {
        viewer.userID == userID || mayReadEverything(viewer.role) || viewer.role == .manager
    }

    /// Who may issue an API token for a user: an admin, or the user for themselves.
    public static func mayIssueToken(_ viewer: Viewer, for userID: UUID) -> Bool {
        viewer.role == .admin || viewer.userID == userID
    }

    /// Roles that read every unit's and rep's data in the org.
    public static func mayReadEverything(_ role: Role) -> Bool {
        role == .admin || role == .leader || role == .viewer
    }

    /// Whether the caller may see a rep's assignment, proposals and assignment comments.
    ///
    /// A rep sees only their own; a manager the reps in units they manage or below; read-all roles everyone.
    /// The API answers 404 (not 403) when this is false, so reps cannot probe for each other.
    public static func maySeeAssignment(_ viewer: Viewer, repID: UUID, repUnit: UUID, tree: UnitTree) -> Bool {
        switch viewer.role {
        case .admin, .leader, .viewer: return true
        case .manager: return viewer.userID == repID || tree.manages(user: viewer.userID, unit: repUnit)
        case .rep: return viewer.userID == repID
        }
    }

    /// The side the caller proposes and accepts on for this assignment, or nil when they may not take part.
    public static func mayProposeOnAssignment(
        _ viewer: Viewer, repID: UUID, repUnit: UUID, tree: UnitTree
    ) -> ProposalSide? {
        switch viewer.role {
        case .leader:
            return .manager
        case .manager:
            // A manager negotiating their own targets is on the rep side of that one assignment.
            if viewer.userID == repID { return .rep }
            return tree.manages(user: viewer.userID, unit: repUnit) ? .manager : nil
        case .rep:
            return viewer.userID == repID ? .rep : nil
        case .admin, .viewer:
            return nil
        }
    }

    /// Whether the caller may set a unit's top-down goal in a plan scoped at `scopeUnit`.
    ///
    /// A goal is handed down: the manager above a unit sets it, the scope manager sets the scope's own.
    /// Whether `unit` lies inside the scope is a validation the caller checks separately.
    public static func maySetGoal(_ viewer: Viewer, unit: UUID, scopeUnit: UUID, tree: UnitTree) -> Bool {
        switch viewer.role {
        case .leader:
            return true
        case .manager:
            if let parent = tree.parent(of: unit), tree.manages(user: viewer.userID, unit: parent) { return true }
            return unit == scopeUnit && tree.manages(user: viewer.userID, unit: scopeUnit)
        case .admin, .rep, .viewer:
            return false
        }
    }

    /// Whether the caller may create a plan scoped at `unit`.
    public static func mayCreatePlan(_ viewer: Viewer, unit: UUID, tree: UnitTree) -> Bool {
        viewer.role == .leader || (viewer.role == .manager && tree.manages(user: viewer.userID, unit: unit))
    }

    /// Whether the caller may record actuals for a user belonging to `userUnit`.
    public static func mayRecordActuals(_ viewer: Viewer, forUserIn userUnit: UUID, tree: UnitTree) -> Bool {
        // A leader may do everything a manager may, on every unit.
        viewer.role == .admin || viewer.role == .leader
            || (viewer.role == .manager && tree.manages(user: viewer.userID, unit: userUnit))
    }

    /// Whether the caller may request an adjustment touching reps in these units (a leader, or a manager of all).
    public static func mayRequestAdjustment(_ viewer: Viewer, repUnits: [UUID], tree: UnitTree) -> Bool {
        switch viewer.role {
        case .leader: return true
        case .manager: return repUnits.allSatisfy { tree.manages(user: viewer.userID, unit: $0) }
        case .admin, .rep, .viewer: return false
        }
    }

    /// Whether the caller may edit a plan's settings or goals-in-draft (leader or scope manager).
    public static func mayEditPlan(_ viewer: Viewer, scopeUnit: UUID, tree: UnitTree) -> Bool {
        mayCreatePlan(viewer, unit: scopeUnit, tree: tree)
    }

    /// Whether the caller may read what spans every rep under `unit`: a plan's events, audit, approvals and
    /// adjustments (with `unit` the plan's scope), or a unit's reconciliation. Read-all roles, and managers
    /// of the unit or above it.
    public static func mayReadAcrossReps(_ viewer: Viewer, unit: UUID, tree: UnitTree) -> Bool {
        mayReadEverything(viewer.role) || (viewer.role == .manager && tree.manages(user: viewer.userID, unit: unit))
    }

    /// Whether the caller may see a comment. One about a rep follows assignment visibility; a plan-level
    /// comment is visible to everyone in the org, since every role reads plan-level information.
    public static func maySeeComment(_ viewer: Viewer, repID: UUID?, repUnit: UUID?, tree: UnitTree) -> Bool {
        guard let repID else { return true }
        guard let repUnit else { return mayReadEverything(viewer.role) || viewer.userID == repID }
        return maySeeAssignment(viewer, repID: repID, repUnit: repUnit, tree: tree)
    }

    /// The workflow's view of the caller for a plan scoped at `scopeUnit`.
    public static func planActor(
        _ viewer: Viewer, scopeUnit: UUID, tree: UnitTree, approverIDs: Set<UUID>, submitterID: UUID?
    ) -> PlanActor {
        PlanActor(
            role: viewer.role,
            managesScope: tree.manages(user: viewer.userID, unit: scopeUnit),
            isApprover: approverIDs.contains(viewer.userID),
            isSubmitter: submitterID == viewer.userID)
    }
}
