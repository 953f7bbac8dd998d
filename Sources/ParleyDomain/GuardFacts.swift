/// Everything the transition guards need, loaded by the store; fields irrelevant to an action are ignored.
public struct GuardFacts: Sendable, Hashable {
    /// One unit goal compared with what was agreed for that unit's subtree.
    public struct GoalCheck: Sendable, Hashable {
        /// Unit name, for the human-readable reason.
        public var unitName: String
        /// Metric key.
        public var metric: String
        /// The unit's annual goal.
        public var goal: Int64
        /// Sum of the agreed annual values of the reps in the unit's subtree; nil when it leaves ±(2^53 - 1).
        public var agreedSum: Int64?

        /// A goal check row.
        public init(unitName: String, metric: String, goal: Int64, agreedSum: Int64?) {
            self.unitName = unitName
            self.metric = metric
            self.goal = goal
            self.agreedSum = agreedSum
        }
    }

    /// publish: a goal exists for the plan's scope unit.
    public var goalExistsForScope: Bool
    /// submit_for_approval: number of assignments in the plan (zero cannot be submitted).
    public var assignmentCount: Int
    /// submit_for_approval: names (or ids) of the reps whose assignment is not agreed.
    public var unagreedAssignments: [String]
    /// submit_for_approval: per unit goal and metric, the goal and the agreed sum.
    public var goalChecks: [GoalCheck]
    /// submit_for_approval: the plan's tolerance in basis points.
    public var toleranceBps: Int64
    /// The transition's comment, if any.
    public var comment: String?
    /// approve: distinct approvers who approved the current submission, not counting this actor.
    public var approvalsSoFar: Int
    /// approve: distinct approvals needed to lock.
    public var requiredApprovals: Int
    /// approve: whether this actor already approved the current submission.
    public var actorAlreadyApproved: Bool

    /// Guard facts; defaults describe a plan where nothing is known, so guards that need a fact fail safe.
    public init(
        goalExistsForScope: Bool = false,
        assignmentCount: Int = 0,
        unagreedAssignments: [String] = [],
        goalChecks: [GoalCheck] = [],
        toleranceBps: Int64 = 100,
        comment: String? = nil,
        approvalsSoFar: Int = 0,
        requiredApprovals: Int = 1,
        actorAlreadyApproved: Bool = false
    ) {
        self.goalExistsForScope = goalExistsForScope
        self.assignmentCount = assignmentCount
        self.unagreedAssignments = unagreedAssignments
        self.goalChecks = goalChecks
        self.toleranceBps = toleranceBps
        self.comment = comment
        self.approvalsSoFar = approvalsSoFar
        self.requiredApprovals = requiredApprovals
        self.actorAlreadyApproved = actorAlreadyApproved
    }
}
