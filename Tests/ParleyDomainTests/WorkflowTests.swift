import Testing

@testable import ParleyDomain

@Suite struct WorkflowTests {
    /// Every actor shape: each role with each combination of the three facts.
    static let actors: [PlanActor] = Role.allCases.flatMap { role in
        [false, true].flatMap { manages in
            [false, true].flatMap { approver in
                [false, true].map { submitter in
                    PlanActor(role: role, managesScope: manages, isApprover: approver, isSubmitter: submitter)
                }
            }
        }
    }

    /// The contract's table, restated independently of `Workflow.transitions`.
    static func expectedTarget(_ action: String, from state: String) -> String? {
        let table: [String: (from: String, to: String)] = [
            "publish": ("draft", "proposed"),
            "open_discussion": ("proposed", "in_discussion"),
            "submit_for_approval": ("in_discussion", "pending_approval"),
            "approve": ("pending_approval", "locked"),
            "reject": ("pending_approval", "in_discussion"),
            "archive": ("locked", "archived"),
        ]
        guard let row = table[action], row.from == state else { return nil }
        return row.to
    }

    static func expectedMay(_ action: String, _ actor: PlanActor) -> Bool {
        switch action {
        case "publish", "open_discussion", "submit_for_approval":
            if actor.role == .leader { return true }
            return actor.role == .manager && actor.managesScope
        case "approve": return actor.isApprover && !actor.isSubmitter
        case "reject": return actor.isApprover
        case "archive": return actor.role == .leader
        default: return false
        }
    }

    static let passingFacts = GuardFacts(
        goalExistsForScope: true, assignmentCount: 3, unagreedAssignments: [],
        goalChecks: [.init(unitName: "East", metric: "revenue", goal: 1000, agreedSum: 1000)],
        toleranceBps: 100, comment: "looks right", approvalsSoFar: 0, requiredApprovals: 1,
        actorAlreadyApproved: false)

    @Test func everyStateActionAndActor() throws {
        var checked = 0
        for state in PlanState.allCases {
            for action in PlanAction.allCases {
                for actor in Self.actors {
                    let expectedAllowed = PlanAction.allCases.filter {
                        Self.expectedTarget($0.rawValue, from: state.rawValue) != nil
                            && Self.expectedMay($0.rawValue, actor)
                    }
                    #expect(Workflow.allowedActions(in: state, for: actor) == expectedAllowed)
                    let result: Result<PlanState, WorkflowError>
                    do throws(WorkflowError) {
                        result = .success(try Workflow.decide(action, in: state, by: actor, facts: Self.passingFacts))
                    } catch {
                        result = .failure(error)
                    }
                    if let target = Self.expectedTarget(action.rawValue, from: state.rawValue) {
                        if Self.expectedMay(action.rawValue, actor) {
                            #expect(result == .success(PlanState(rawValue: target)!), "\(state) \(action) \(actor)")
                        } else {
                            #expect(result == .failure(.forbidden), "\(state) \(action) \(actor)")
                        }
                    } else {
                        #expect(result == .failure(.invalidTransition(allowed: expectedAllowed)), "\(state) \(action)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == 6 * 6 * 40)
    }

    @Test func adminViewerAndRepMayDoNothing() {
        for role in [Role.admin, .viewer, .rep] {
            let actor = PlanActor(role: role, managesScope: true)
            for state in PlanState.allCases {
                #expect(Workflow.allowedActions(in: state, for: actor).isEmpty)
            }
        }
    }

    @Test func tableHasOneRowPerAction() {
        #expect(Set(Workflow.transitions.map(\.action)) == Set(PlanAction.allCases))
        #expect(Workflow.transitions.count == PlanAction.allCases.count)
    }

    @Test func publishNeedsScopeGoal() {
        let leader = PlanActor(role: .leader)
        #expect(throws: WorkflowError.guardFailed(reasons: ["no goal is set for the plan's scope unit"])) {
            try Workflow.decide(.publish, in: .draft, by: leader, facts: GuardFacts(goalExistsForScope: false))
        }
    }

    func submit(_ facts: GuardFacts) -> Result<PlanState, WorkflowError> {
        do throws(WorkflowError) {
            return .success(
                try Workflow.decide(.submitForApproval, in: .inDiscussion, by: .init(role: .leader), facts: facts))
        } catch {
            return .failure(error)
        }
    }

    func reasons(_ result: Result<PlanState, WorkflowError>) -> [String] {
        if case .failure(.guardFailed(let reasons)) = result { return reasons }
        return []
    }

    @Test func submitGuard() {
        let within = GuardFacts.GoalCheck(unitName: "East", metric: "revenue", goal: 1_000_000, agreedSum: 990_000)
        let outside = GuardFacts.GoalCheck(unitName: "West", metric: "revenue", goal: 1_000_000, agreedSum: 989_999)
        #expect(
            submit(GuardFacts(assignmentCount: 2, goalChecks: [within], toleranceBps: 100))
                == .success(.pendingApproval))
        let missed = submit(GuardFacts(assignmentCount: 2, goalChecks: [within, outside], toleranceBps: 100))
        #expect(reasons(missed).count == 1)
        #expect(reasons(missed).first?.contains("West") == true)
        // A comment explains the gap...
        let explained = GuardFacts(assignmentCount: 2, goalChecks: [outside], toleranceBps: 100, comment: "Li left")
        #expect(submit(explained) == .success(.pendingApproval))
        // ...but whitespace does not.
        let blank = GuardFacts(assignmentCount: 2, goalChecks: [outside], toleranceBps: 100, comment: "  \n")
        #expect(reasons(submit(blank)).count == 1)
        // ...and no comment excuses an unagreed assignment.
        let unagreed = GuardFacts(
            assignmentCount: 2, unagreedAssignments: ["Li", "Wang"], goalChecks: [outside], comment: "Li left")
        #expect(reasons(submit(unagreed)) == ["assignment of Li is not agreed", "assignment of Wang is not agreed"])
        // An empty plan cannot be submitted.
        #expect(reasons(submit(GuardFacts(assignmentCount: 0, comment: "x"))) == ["the plan has no assignments"])
    }

    @Test func toleranceBoundaries() {
        #expect(Workflow.isWithinTolerance(1_010, goal: 1_000, toleranceBps: 100))
        #expect(!Workflow.isWithinTolerance(1_011, goal: 1_000, toleranceBps: 100))
        #expect(Workflow.isWithinTolerance(0, goal: 0, toleranceBps: 10_000))
        #expect(!Workflow.isWithinTolerance(1, goal: 0, toleranceBps: 10_000))
        #expect(Workflow.isWithinTolerance(5, goal: 5, toleranceBps: 0))
        // Products far beyond Int64 are compared exactly.
        #expect(Workflow.isWithinTolerance(Int64.max, goal: Int64.max - 1, toleranceBps: 1))
        #expect(!Workflow.isWithinTolerance(0, goal: Int64.max, toleranceBps: 9_999))
        #expect(!Workflow.isWithinTolerance(Int64.min, goal: Int64.max, toleranceBps: 10_000))
    }

    @Test func approvalQuorum() throws {
        let approver = PlanActor(role: .leader, isApprover: true)
        let first = GuardFacts(approvalsSoFar: 0, requiredApprovals: 2)
        #expect(try Workflow.decide(.approve, in: .pendingApproval, by: approver, facts: first) == .pendingApproval)
        let second = GuardFacts(approvalsSoFar: 1, requiredApprovals: 2)
        #expect(try Workflow.decide(.approve, in: .pendingApproval, by: approver, facts: second) == .locked)
        let twice = GuardFacts(approvalsSoFar: 1, requiredApprovals: 2, actorAlreadyApproved: true)
        #expect(throws: WorkflowError.guardFailed(reasons: ["you have already approved this submission"])) {
            try Workflow.decide(.approve, in: .pendingApproval, by: approver, facts: twice)
        }
        let submitter = PlanActor(role: .leader, isApprover: true, isSubmitter: true)
        #expect(throws: WorkflowError.forbidden) {
            try Workflow.decide(.approve, in: .pendingApproval, by: submitter, facts: first)
        }
    }

    @Test func rejectNeedsComment() throws {
        let approver = PlanActor(role: .manager, isApprover: true, isSubmitter: true)
        #expect(throws: WorkflowError.guardFailed(reasons: ["a comment is required"])) {
            try Workflow.decide(.reject, in: .pendingApproval, by: approver, facts: GuardFacts(comment: " "))
        }
        let facts = GuardFacts(comment: "West is too low")
        #expect(try Workflow.decide(.reject, in: .pendingApproval, by: approver, facts: facts) == .inDiscussion)
    }
}
