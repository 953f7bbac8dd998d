import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// The plan workflow's transition table, its guards and who may take each action (contract: Plans and their workflow).
@Suite("plan workflow guards")
struct WorkflowGuardTests {
    static let actions = ["publish", "open_discussion", "submit_for_approval", "approve", "reject", "archive"]

    /// A stage, the state it shows and what the leader (an approver who did not submit) may do there.
    struct WrongState: Sendable, CustomTestStringConvertible {
        let stage: PlanStage
        let state: String
        let leaderMay: [String]
        var testDescription: String { state }
    }

    @Test(
        "an action from the wrong state is 409 invalid_transition with the caller's allowed actions",
        arguments: [
            WrongState(stage: .draftWithGoal, state: "draft", leaderMay: ["publish"]),
            WrongState(stage: .proposed, state: "proposed", leaderMay: ["open_discussion"]),
            WrongState(stage: .agreed, state: "in_discussion", leaderMay: ["submit_for_approval"]),
            WrongState(stage: .pendingApproval, state: "pending_approval", leaderMay: ["approve", "reject"]),
            WrongState(stage: .locked, state: "locked", leaderMay: ["archive"]),
            WrongState(stage: .archived, state: "archived", leaderMay: []),
        ])
    func wrongState(_ row: WrongState) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: row.stage)
            let version = try await fixture.planVersion()
            #expect(try await fixture.plan().allowedActions == row.leaderMay)
            let starting: Set<String> =
                switch row.state {
                case "draft": ["publish"]
                case "proposed": ["open_discussion"]
                case "in_discussion": ["submit_for_approval"]
                case "pending_approval": ["approve", "reject"]
                case "locked": ["archive"]
                default: []
                }
            for action in Self.actions where !starting.contains(action) {
                let response = try await fixture.transition(
                    action, by: fixture.leader, comment: "a reason", version: version)
                #expect(response.status == .conflict, "\(action) from \(row.state): \(response.body)")
                #expect(response.code == "invalid_transition", "\(action) from \(row.state)")
                #expect(response.allowedActions == row.leaderMay, "\(action) from \(row.state)")
                #expect(response.headers[.contentType] == "application/problem+json")
                // The same wrong action by a rep lists what the rep may do: nothing.
                let byRep = try await fixture.transition(
                    action, by: fixture.veteran, comment: "a reason", version: version)
                #expect(byRep.status == .conflict, "\(action) by a rep from \(row.state): \(byRep.body)")
                #expect(byRep.allowedActions == [], "\(action) by a rep from \(row.state)")
            }
            let after = try await fixture.plan()
            #expect(after.version == version, "refused actions must not change the plan")
            #expect(try after.decode(API.Plan.self).state == row.state)
        }
    }

    /// An action from the state it starts in, who may not take it, and who may.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let action: String
        let stage: PlanStage
        let scopeManagerRefused: Bool
        let allowed: @Sendable (PlanFixture) -> Member
        var testDescription: String { action }
    }

    @Test(
        "a role that may not take an action is refused with 403 and the plan does not move",
        arguments: [
            Refusal(action: "publish", stage: .draftWithGoal, scopeManagerRefused: false, allowed: { $0.manager }),
            Refusal(action: "open_discussion", stage: .proposed, scopeManagerRefused: false, allowed: { $0.manager }),
            Refusal(action: "submit_for_approval", stage: .agreed, scopeManagerRefused: false, allowed: { $0.leader }),
            Refusal(action: "approve", stage: .pendingApproval, scopeManagerRefused: true, allowed: { $0.leader2 }),
            Refusal(action: "reject", stage: .pendingApproval, scopeManagerRefused: true, allowed: { $0.leader2 }),
            Refusal(action: "archive", stage: .locked, scopeManagerRefused: true, allowed: { $0.leader2 }),
        ])
    func refusedRoles(_ row: Refusal) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: row.stage)
            let before = try await fixture.plan()
            let version = try #require(before.version)
            var refused = [
                ("rep", fixture.veteran), ("viewer", fixture.viewer), ("admin", fixture.admin),
                ("manager of another region", fixture.otherManager),
            ]
            if row.scopeManagerRefused { refused.append(("manager of the scope", fixture.manager)) }
            for (who, member) in refused {
                let response = try await fixture.transition(
                    row.action, by: member, comment: "a reason", version: version)
                #expect(response.status == .forbidden, "\(row.action) by \(who): \(response.body)")
                #expect(response.code == "forbidden", "\(row.action) by \(who)")
            }
            let after = try await fixture.plan()
            #expect(after.version == version)
            #expect(try after.decode(API.Plan.self).state == before.decode(API.Plan.self).state)
            let response = try await fixture.transition(
                row.action, by: row.allowed(fixture), comment: "a reason", version: version)
            #expect(response.status == .ok, "\(row.action) by the allowed role: \(response.body)")
            #expect(response.version == version + 1)
        }
    }

    @Test("a leader or the scope's manager creates a draft plan with the contract's defaults; nobody else may")
    func createPlan() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let minimal: [String: Any] = [
                "name": "FY2026 (imported late)", "unit_id": fixture.region.uuidString, "start_month": "2026-01",
            ]
            for (who, member) in [
                ("a rep", fixture.veteran), ("a viewer", fixture.viewer), ("an admin", fixture.admin),
                ("a manager of another region", fixture.otherManager),
            ] {
                let response = try await api.request(.post, "/v1/plans", token: member.token, json: minimal)
                #expect(response.status == .forbidden, "\(who): \(response.body)")
            }
            let response = try await api.request(.post, "/v1/plans", token: fixture.manager.token, json: minimal)
            let plan = try response.expect(.created, as: API.Plan.self)
            #expect(plan.state == "draft")
            #expect(plan.startMonth == "2026-01", "a start month may lie in the past")
            #expect(plan.months == 12)
            #expect(plan.currency == "CNY")
            #expect(plan.rampMonths == 3)
            #expect(plan.stretchLimitBps == 13_000)
            #expect(plan.toleranceBps == 100)
            #expect(plan.requiredApprovals == 1)
            #expect(Set(plan.approverIDs) == [fixture.leader.id, fixture.leader2.id])
            #expect(plan.metrics.map(\.key) == ["revenue", "qualified_leads", "visits"])
            #expect(plan.metrics.map(\.applies) == ["post_ramp", "all", "all"])
            #expect(plan.createdBy == fixture.manager.id)
            #expect(plan.version == response.version)
            #expect(response.allowedActions == ["publish"])

            let bad: [(String, [String: Any], String)] = [
                ("a state", minimal.merging(["state": "locked"]) { $1 }, "state"),
                ("a version", minimal.merging(["version": 9]) { $1 }, "version"),
                ("no name", minimal.filter { $0.key != "name" }, "name"),
                ("no start month", minimal.filter { $0.key != "start_month" }, "start_month"),
                ("a float tolerance", minimal.merging(["tolerance_bps": 1.5]) { $1 }, "tolerance_bps"),
                (
                    "more approvals than approvers", minimal.merging(["required_approvals": 3]) { $1 },
                    "required_approvals"
                ),
            ]
            for (name, body, field) in bad {
                let refused = try await api.request(.post, "/v1/plans", token: fixture.leader.token, json: body)
                #expect(refused.status == .unprocessableContent, "\(name): \(refused.body)")
                #expect(refused.errorFields.contains(field), "\(name): \(refused.body)")
            }
            #expect(
                try await api.request(.get, "/v1/plans?state=bogus", token: fixture.leader.token).status
                    == .unprocessableContent)
            let drafts = try await api.request(.get, "/v1/plans?state=draft", token: fixture.veteran.token)
                .expect(.ok, as: API.List<API.Plan>.self).items
            #expect(drafts.count == 2)
        }
    }

    @Test("publish needs a goal for the scope unit itself and creates one assignment per rep in the scope")
    func publishNeedsScopeGoal() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            var response = try await fixture.transition("publish", by: fixture.leader)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "guard_failed")
            #expect(!response.reasons.isEmpty)

            // A goal below the scope does not count.
            response = try await fixture.putGoal(fixture.team, values: ["revenue": ["annual": 12_000_000]])
            #expect(response.status == .created, "\(response.body)")
            response = try await fixture.transition("publish", by: fixture.leader)
            #expect(response.code == "guard_failed", "\(response.body)")
            #expect(try await fixture.planState() == "draft")

            response = try await fixture.putGoal(fixture.region, values: ["revenue": ["annual": 24_000_000]])
            #expect(response.status == .created, "\(response.body)")
            response = try await fixture.transition("publish", by: fixture.leader)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "proposed")

            let items = try await api.request(.get, "\(fixture.path)/assignments", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Assignment>.self).items
            #expect(Set(items.map(\.repID)) == [fixture.veteran.id, fixture.newcomer.id])
            #expect(items.allSatisfy { $0.state == "awaiting_estimate" && $0.version == 1 })
        }
    }

    @Test("submit_for_approval refuses an unagreed assignment, even with a comment")
    func submitNeedsEveryAssignmentAgreed() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            try await fixture.agree(fixture.veteran, revenue: PlanFixture.veteranMonths)
            // The newcomer estimates but nobody accepts.
            let estimate = try await fixture.propose(
                on: fixture.newcomer, by: fixture.newcomer, values: ["revenue": ["months": PlanFixture.newcomerMonths]])
            #expect(estimate.status == .created, "\(estimate.body)")

            for comment in [nil, "The newcomer's numbers are nearly settled; submitting anyway."] {
                let response = try await fixture.transition(
                    "submit_for_approval", by: fixture.manager, comment: comment)
                #expect(response.status == .unprocessableContent, "\(response.body)")
                #expect(response.code == "guard_failed")
                #expect(
                    response.reasons.contains { $0.contains("Wang Newcomer") && $0.contains("not agreed") },
                    "\(response.reasons)")
                #expect(!response.reasons.contains { $0.contains("Li Veteran") }, "\(response.reasons)")
            }
            #expect(try await fixture.planState() == "in_discussion")
        }
    }

    @Test("an agreed sum at the edge of the tolerance submits without a comment")
    func submitWithinTolerance() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion, toleranceBps: 100)
            // 24,000,000 + 1 % = 24,240,000.
            try await fixture.agree(fixture.veteran, revenue: PlanFixture.veteranMonths)
            try await fixture.agree(fixture.newcomer, revenue: [0, 0] + Array(repeating: 1_224_000, count: 10))
            let response = try await fixture.transition("submit_for_approval", by: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "pending_approval")
        }
    }

    @Test("an agreed sum beyond the tolerance needs a comment that explains the gap")
    func submitBeyondTolerance() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion, toleranceBps: 100)
            // One unit more than 24,240,000.
            try await fixture.agree(fixture.veteran, revenue: PlanFixture.veteranMonths)
            try await fixture.agree(
                fixture.newcomer, revenue: [0, 0] + Array(repeating: 1_224_000, count: 9) + [1_224_001])
            for comment in [nil, "   "] {
                let response = try await fixture.transition(
                    "submit_for_approval", by: fixture.manager, comment: comment)
                #expect(response.status == .unprocessableContent, "\(response.body)")
                #expect(response.code == "guard_failed")
                #expect(
                    response.reasons.contains { $0.contains("North") && $0.contains("revenue") }, "\(response.reasons)")
            }
            let response = try await fixture.transition(
                "submit_for_approval", by: fixture.manager, comment: "Two key accounts renew early; the extra is real.")
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "pending_approval")
            let approvals = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Approval>.self).items
            #expect(approvals.first?.decision == "submitted")
            #expect(approvals.first?.comment == "Two key accounts renew early; the extra is real.")
            #expect(approvals.first?.actorID == fixture.manager.id)
        }
    }

    @Test("every unit with a goal is checked against the agreed values of its whole subtree")
    func submitChecksEveryUnit() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            // The region's goal is met exactly; the team's own goal (and its visits) is not.
            var response = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 20_000_000], "visits": ["annual": 960]],
                by: fixture.manager)
            #expect(response.status == .created, "\(response.body)")
            response = try await fixture.transition("submit_for_approval", by: fixture.manager)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "guard_failed")
            #expect(response.reasons.count == 1, "\(response.reasons)")
            #expect(response.reasons.first?.hasPrefix("North Key Accounts") == true, "\(response.reasons)")
            #expect(response.reasons.first?.contains("revenue") == true, "\(response.reasons)")

            response = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 24_000_000], "visits": ["annual": 1_000]],
                by: fixture.manager, version: 1)
            #expect(response.status == .ok, "\(response.body)")
            response = try await fixture.transition("submit_for_approval", by: fixture.manager)
            #expect(response.reasons.count == 1, "\(response.reasons)")
            #expect(
                response.reasons.first?.contains("visits") == true,
                "agreed visits 960 against 1000: \(response.reasons)")

            response = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 24_000_000], "visits": ["annual": 960]],
                by: fixture.manager, version: 2)
            response = try await fixture.transition("submit_for_approval", by: fixture.manager)
            #expect(response.status == .ok, "\(response.body)")
        }
    }

    @Test("a transition needs If-Match: 428 without, 412 with current_version when stale")
    func transitionPreconditions() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let version = try await fixture.planVersion()
            var response = try await api.request(
                .post, "\(fixture.path)/transitions", token: fixture.leader.token, json: ["action": "publish"])
            #expect(response.status == .preconditionRequired, "\(response.body)")
            #expect(response.code == "precondition_required")
            response = try await fixture.transition("publish", by: fixture.leader, version: version + 1)
            #expect(response.status == .preconditionFailed, "\(response.body)")
            #expect(response.code == "version_conflict")
            #expect(response.problem?.currentVersion == version)
            response = try await api.request(
                .post, "\(fixture.path)/transitions", token: fixture.leader.token, json: ["action": "lock"],
                headers: ifMatch(version))
            #expect(response.status == .unprocessableContent, "an unknown action: \(response.body)")
            response = try await api.request(
                .post, "\(fixture.path)/transitions", token: fixture.leader.token,
                json: ["action": "publish", "state": "locked"],
                headers: ifMatch(version))
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["state"])
            #expect(try await fixture.planState() == "draft")
            #expect(try await fixture.planVersion() == version)

            response = try await fixture.transition("publish", by: fixture.leader, version: version)
            #expect(response.status == .ok, "\(response.body)")
            #expect(response.version == version + 1)
            #expect(response.headers[.eTag] == "\"\(version + 1)\"")
        }
    }

    @Test("the approver who submitted may not approve; another approver may")
    func submitterMayNotApprove() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            var response = try await fixture.transition("submit_for_approval", by: fixture.leader)
            #expect(response.status == .ok, "\(response.body)")
            #expect(response.allowedActions == ["reject"])
            response = try await fixture.transition("approve", by: fixture.leader)
            #expect(response.status == .forbidden, "\(response.body)")
            #expect(try await fixture.planState() == "pending_approval")
            response = try await fixture.transition("approve", by: fixture.leader2)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "locked")
        }
    }

    @Test(
        "with two required approvals the first keeps the plan pending, the same approver twice is refused, a second locks"
    )
    func quorumOfTwo() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .pendingApproval, requiredApprovals: 2)
            let version = try await fixture.planVersion()
            var response = try await fixture.transition("approve", by: fixture.leader)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "pending_approval")
            #expect(response.version == version + 1)

            response = try await fixture.transition("approve", by: fixture.leader)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "guard_failed")
            #expect(try await fixture.planState() == "pending_approval")
            // No revision exists before the lock.
            response = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/revisions", token: fixture.leader.token)
            #expect(try response.expect(.ok, as: API.List<API.Revision>.self).items.isEmpty)

            response = try await fixture.transition("approve", by: fixture.leader2)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "locked")

            response = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.viewer.token)
            let items = try response.expect(.ok, as: API.List<API.Approval>.self).items
            #expect(items.map(\.decision) == ["submitted", "approved", "approved"])
            #expect(items.map(\.actorID) == [fixture.manager.id, fixture.leader.id, fixture.leader2.id])
            #expect(items.allSatisfy { $0.subject == "plan" && $0.subjectID == fixture.planID })

            response = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/revisions", token: fixture.leader.token)
            let revisions = try response.expect(.ok, as: API.List<API.Revision>.self).items
            #expect(revisions.first?.revision == 1)
            #expect(revisions.first.map { $0.adjustmentID == nil } == true)
            #expect(revisions.first?.values["revenue"]?.months == PlanFixture.veteranMonths)
        }
    }

    @Test("a rejection needs a comment, returns the plan to discussion and voids the approvals gathered so far")
    func rejection() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .pendingApproval, requiredApprovals: 2)
            for comment in [nil, "", " \n "] {
                let response = try await fixture.transition("reject", by: fixture.leader2, comment: comment)
                #expect(
                    response.status == .unprocessableContent, "comment \(String(describing: comment)): \(response.body)"
                )
                #expect(response.code == "guard_failed")
            }
            #expect(try await fixture.transition("approve", by: fixture.leader).status == .ok)
            var response = try await fixture.transition(
                "reject", by: fixture.leader2, comment: "Show the hiring plan first.")
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "in_discussion")

            response = try await fixture.transition(
                "submit_for_approval", by: fixture.manager, comment: "Hiring plan attached.")
            #expect(response.status == .ok, "\(response.body)")
            // The approval of the first round does not count towards the second.
            response = try await fixture.transition("approve", by: fixture.leader2)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "pending_approval")
            response = try await fixture.transition("approve", by: fixture.leader)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "locked")

            response = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
            let items = try response.expect(.ok, as: API.List<API.Approval>.self).items
            #expect(
                items.map(\.decision) == ["submitted", "approved", "rejected", "submitted", "approved", "approved"])
            #expect(items[2].comment == "Show the hiring plan first.")
        }
    }

    @Test("archive is taken only from locked, and only by a leader")
    func archive() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .pendingApproval)
            var response = try await fixture.transition("archive", by: fixture.leader)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_transition")
            #expect(try await fixture.transition("approve", by: fixture.leader).status == .ok)
            for member in [fixture.manager, fixture.viewer, fixture.admin, fixture.veteran] {
                response = try await fixture.transition("archive", by: member)
                #expect(response.status == .forbidden, "\(response.body)")
            }
            response = try await fixture.transition("archive", by: fixture.leader2)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Plan.self).state == "archived")
            #expect(response.allowedActions == [])
            response = try await api.request(.get, "/v1/plans?state=archived", token: fixture.viewer.token)
            #expect(try response.expect(.ok, as: API.List<API.Plan>.self).items.map(\.id) == [fixture.planID])
            response = try await api.request(.get, "/v1/plans?state=locked", token: fixture.viewer.token)
            #expect(try response.expect(.ok, as: API.List<API.Plan>.self).items.isEmpty)
        }
    }

    @Test("PATCH changes a draft plan only, with If-Match")
    func patchPlan() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let version = try await fixture.planVersion()
            let rename: [String: Any] = ["name": "FY2027 targets (v2)"]

            var response = try await api.request(.patch, fixture.path, token: fixture.leader.token, json: rename)
            #expect(response.status == .preconditionRequired, "\(response.body)")
            #expect(response.code == "precondition_required")

            response = try await api.request(
                .patch, fixture.path, token: fixture.leader.token, json: rename, headers: ifMatch(version + 5))
            #expect(response.status == .preconditionFailed, "\(response.body)")
            #expect(response.code == "version_conflict")
            #expect(response.problem?.currentVersion == version)

            for field in ["state", "version", "created_by", "allowed_actions"] {
                response = try await api.request(
                    .patch, fixture.path, token: fixture.leader.token, json: [field: "locked"],
                    headers: ifMatch(version))
                #expect(response.status == .unprocessableContent, "\(field): \(response.body)")
                #expect(response.errorFields.contains(field), "\(field): \(response.body)")
            }
            for member in [fixture.veteran, fixture.viewer, fixture.admin, fixture.otherManager] {
                response = try await api.request(
                    .patch, fixture.path, token: member.token, json: rename, headers: ifMatch(version))
                #expect(response.status == .forbidden, "\(response.body)")
            }
            #expect(try await fixture.planVersion() == version, "refused changes must not change the plan")

            response = try await api.request(
                .patch, fixture.path, token: fixture.manager.token, json: rename, headers: ifMatch(version))
            let renamed = try response.expect(.ok, as: API.Plan.self)
            #expect(renamed.name == "FY2027 targets (v2)")
            #expect(renamed.state == "draft")
            #expect(response.version == version + 1)
            #expect(renamed.version == version + 1)

            #expect(try await fixture.transition("publish", by: fixture.leader).status == .ok)
            let published = try await fixture.planVersion()
            response = try await api.request(
                .patch, fixture.path, token: fixture.leader.token, json: rename, headers: ifMatch(published))
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            #expect(try await fixture.planVersion() == published)
        }
    }

    @Test("allowed_actions are what each caller may do now")
    func allowedActionsPerCaller() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let draft = try await PlanFixture.make(api, stage: .draftWithGoal)
            let expectedInDraft: [(String, Member, [String])] = [
                ("leader", draft.leader, ["publish"]), ("scope manager", draft.manager, ["publish"]),
                ("other manager", draft.otherManager, []), ("rep", draft.veteran, []), ("viewer", draft.viewer, []),
                ("admin", draft.admin, []),
            ]
            for (who, member, expected) in expectedInDraft {
                let response = try await draft.plan(as: member)
                #expect(response.status == .ok, "\(who): \(response.body)")
                #expect(response.allowedActions == expected, "\(who)")
                let listed = try await api.request(.get, "/v1/plans", token: member.token)
                    .expect(.ok, as: API.List<API.Plan>.self).items
                #expect(listed.first { $0.id == draft.planID }?.allowedActions == expected, "\(who)")
            }

            let pending = try await PlanFixture.make(api, stage: .pendingApproval)
            let expectedPending: [(String, Member, [String])] = [
                ("leader", pending.leader, ["approve", "reject"]), ("leader2", pending.leader2, ["approve", "reject"]),
                ("scope manager who submitted", pending.manager, []), ("rep", pending.newcomer, []),
                ("viewer", pending.viewer, []),
            ]
            for (who, member, expected) in expectedPending {
                #expect(try await pending.plan(as: member).allowedActions == expected, "\(who)")
            }
        }
    }

    @Test("every transition is an event; a refused one leaves none, and the chain verifies")
    func transitionsAreEvents() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .archived)
            let events = try await fixture.events()
            let kinds = events.map(\.kind)
            #expect(kinds.first == "plan.created")
            let transitions = kinds.filter { $0.hasPrefix("plan.") && $0 != "plan.created" }
            #expect(
                transitions == [
                    "plan.publish", "plan.open_discussion", "plan.submit_for_approval", "plan.approve", "plan.archive",
                ])
            #expect(kinds.filter { $0 == "proposal.accepted" }.count == 2)
            let publish = try #require(events.first { $0.kind == "plan.publish" })
            #expect(publish.actorID == fixture.leader.id)
            #expect(publish.data["from"]?.string == "draft")
            #expect(publish.data["to"]?.string == "proposed")

            let refused = try await fixture.transition("publish", by: fixture.leader)
            #expect(refused.status == .conflict)
            #expect(try await fixture.events().count == events.count)

            let verify = try await api.request(.get, "\(fixture.path)/audit/verify", token: fixture.leader.token)
            let audit = try verify.expect(.ok, as: API.AuditResult.self)
            #expect(audit.ok, "\(verify.body)")
            #expect(audit.events == events.count)
            expectLinearChain(events)

            // ?after= resumes after a sequence number.
            let later = try await api.request(.get, "\(fixture.path)/events?after=3", token: fixture.viewer.token)
                .expect(.ok, as: API.List<API.Event>.self).items
            #expect(later.map(\.seq) == Array(4...Int64(events.count)))
            #expect(later.first?.hash == events[3].hash)
        }
    }
}

/// Events numbered 1, 2, 3, ... with each `prev_hash` the previous `hash`, the first 64 zeros.
func expectLinearChain(_ events: [API.Event], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(events.map(\.seq) == (0..<events.count).map { Int64($0) + 1 }, sourceLocation: sourceLocation)
    var previous = String(repeating: "0", count: 64)
    for event in events {
        #expect(event.prevHash == previous, "seq \(event.seq)", sourceLocation: sourceLocation)
        let hash = event.hash
        #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) }, sourceLocation: sourceLocation)
        previous = hash
    }
}
