import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// The quarterly review: changes to a locked plan, decided by an approver who did not ask
/// (contract: Adjustments after lock).
@Suite("adjustments after lock")
struct AdjustmentTests {
    /// Mid-March 2027: January to March have started, April on may change.
    static let midMarch = LocalDate(year: 2027, month: 3, day: 15)!

    static func change(_ rep: Member, _ month: String, _ value: Any, metric: String = "revenue") -> [String: Any] {
        ["rep_id": rep.id.uuidString, "metric": metric, "month": month, "value": value]
    }

    static func request(
        _ fixture: PlanFixture, by member: Member, reason: String = "Q1 review", changes: [[String: Any]]
    ) async throws
        -> APIResponse
    {
        try await fixture.api.request(
            .post, "\(fixture.path)/adjustments", token: member.token, json: ["reason": reason, "changes": changes])
    }

    static func decide(_ fixture: PlanFixture, _ id: UUID, _ action: String, by member: Member, comment: String? = nil)
        async throws
        -> APIResponse
    {
        try await fixture.api.request(
            .post, "\(fixture.path)/adjustments/\(id)/\(action)", token: member.token,
            json: comment.map { ["comment": $0] })
    }

    /// The plan's adjustments as the leader lists them.
    static func adjustments(_ fixture: PlanFixture) async throws -> [API.Adjustment] {
        try await fixture.api.request(.get, "\(fixture.path)/adjustments", token: fixture.leader.token)
            .expect(.ok, as: API.List<API.Adjustment>.self).items
    }

    @Test(
        "adjustments need a locked plan: 409 invalid_state otherwise",
        arguments: [PlanStage.agreed, .pendingApproval, .archived])
    func lockedOnly(_ stage: PlanStage) async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: stage)
            let response = try await Self.request(
                fixture, by: fixture.leader, changes: [Self.change(fixture.veteran, "2027-07", 1)])
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            #expect(try await Self.adjustments(fixture).isEmpty)
        }
    }

    @Test("a month that has started may not change: 422 guard_failed")
    func startedMonths() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            for months in [["2027-03"], ["2027-01"], ["2027-07", "2027-03"]] {
                let response = try await Self.request(
                    fixture, by: fixture.manager, changes: months.map { Self.change(fixture.veteran, $0, 5) })
                #expect(response.status == .unprocessableContent, "\(months): \(response.body)")
                #expect(response.code == "guard_failed", "\(months)")
                #expect(
                    response.reasons.contains { $0.contains("2027-03") || $0.contains("2027-01") },
                    "\(response.reasons)")
            }
            #expect(try await Self.adjustments(fixture).isEmpty)
            let response = try await Self.request(
                fixture, by: fixture.manager, changes: [Self.change(fixture.veteran, "2027-04", 5)])
            #expect(response.status == .created, "the next month may change: \(response.body)")
        }
    }

    @Test("a leader or the reps' manager requests; a rep, viewer, admin or manager of another region may not")
    func whoRequests() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let changes = [Self.change(fixture.veteran, "2027-07", 1_500_000)]
            for (who, member) in [
                ("a rep", fixture.veteran), ("a viewer", fixture.viewer), ("an admin", fixture.admin),
                ("a manager of another region", fixture.otherManager),
            ] {
                let response = try await Self.request(fixture, by: member, changes: changes)
                #expect(response.status == .forbidden, "\(who): \(response.body)")
            }
            #expect(try await Self.request(fixture, by: fixture.manager, changes: changes).status == .created)
            #expect(try await Self.request(fixture, by: fixture.leader, changes: changes).status == .created)
        }
    }

    @Test("an adjustment may not break the ramp: a post-ramp metric stays 0 in a ramping rep's ramp months")
    func rampRule() async throws {
        // Before the plan starts, every month may still change.
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            var response = try await Self.request(
                fixture, by: fixture.manager,
                changes: [
                    Self.change(fixture.veteran, "2027-02", 5), Self.change(fixture.newcomer, "2027-02", 500_000),
                ])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "validation_failed")
            #expect(response.errorFields == ["changes[1].value"], "\(response.body)")
            #expect(try await Self.adjustments(fixture).isEmpty)

            // Visits apply in every month, and revenue from the third month on.
            response = try await Self.request(
                fixture, by: fixture.manager,
                changes: [
                    Self.change(fixture.newcomer, "2027-01", 30, metric: "visits"),
                    Self.change(fixture.newcomer, "2027-03", 500_000),
                    Self.change(fixture.newcomer, "2027-02", 0),
                ])
            #expect(response.status == .created, "\(response.body)")
        }
    }

    @Test("a bad adjustment request is 422 naming the field")
    func badRequests() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let cases: [(String, [String: Any], String)] = [
                (
                    "a negative value", ["reason": "r", "changes": [Self.change(fixture.veteran, "2027-07", -1)]],
                    "changes[0].value"
                ),
                (
                    "a float value", ["reason": "r", "changes": [Self.change(fixture.veteran, "2027-07", 1.5)]],
                    "changes[0].value"
                ),
                (
                    "a value above 2^53 - 1",
                    ["reason": "r", "changes": [Self.change(fixture.veteran, "2027-07", 9_007_199_254_740_992)]],
                    "changes[0].value"
                ),
                (
                    "a month outside the plan",
                    ["reason": "r", "changes": [Self.change(fixture.veteran, "2028-01", 1)]], "changes[0].month"
                ),
                (
                    "a metric the plan lacks",
                    ["reason": "r", "changes": [Self.change(fixture.veteran, "2027-07", 1, metric: "bogus")]],
                    "changes[0].metric"
                ),
                (
                    "a rep outside the plan",
                    ["reason": "r", "changes": [Self.change(fixture.outsider, "2027-07", 1)]], "changes[0].rep_id"
                ),
                (
                    "a server-filled before",
                    [
                        "reason": "r",
                        "changes": [Self.change(fixture.veteran, "2027-07", 1).merging(["before": 3]) { $1 }],
                    ], "changes[0].before"
                ),
                (
                    "a state",
                    ["reason": "r", "changes": [Self.change(fixture.veteran, "2027-07", 1)], "state": "approved"],
                    "state"
                ),
                ("no reason", ["changes": [Self.change(fixture.veteran, "2027-07", 1)]], "reason"),
                (
                    "an empty reason", ["reason": " ", "changes": [Self.change(fixture.veteran, "2027-07", 1)]],
                    "reason"
                ),
                ("no changes", ["reason": "r", "changes": [Any]()], "changes"),
            ]
            for (name, body, field) in cases {
                let response = try await api.request(
                    .post, "\(fixture.path)/adjustments", token: fixture.leader.token, json: body)
                #expect(response.status == .unprocessableContent, "\(name): \(response.body)")
                #expect(response.errorFields.contains(field), "\(name): \(response.body)")
            }
            #expect(try await Self.adjustments(fixture).isEmpty)
        }
    }

    @Test(
        "an approver who did not ask decides; reject needs a comment; only the requester withdraws; a decided adjustment stays decided"
    )
    func decisions() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let byManager = try await Self.request(
                fixture, by: fixture.manager, changes: [Self.change(fixture.veteran, "2027-07", 1)]
            ).expect(.created, as: API.Adjustment.self).id
            let byLeader = try await Self.request(
                fixture, by: fixture.leader, changes: [Self.change(fixture.veteran, "2027-08", 2)]
            ).expect(.created, as: API.Adjustment.self).id

            // Not approvers (the manager also asked), and the leader who asked.
            for (who, member, id) in [
                ("the requesting manager", fixture.manager, byManager), ("a rep", fixture.veteran, byManager),
                ("a viewer", fixture.viewer, byManager), ("an admin", fixture.admin, byManager),
                ("a manager of another region", fixture.otherManager, byManager),
                ("the requesting leader", fixture.leader, byLeader),
            ] {
                for action in ["approve", "reject"] {
                    let response = try await Self.decide(fixture, id, action, by: member, comment: "because")
                    #expect(response.status == .forbidden, "\(action) by \(who): \(response.body)")
                }
            }
            for (who, member) in [
                ("a leader who did not ask", fixture.leader2), ("the reps' manager", fixture.manager),
            ] {
                let response = try await Self.decide(fixture, byLeader, "withdraw", by: member)
                #expect(response.status == .forbidden, "withdraw by \(who): \(response.body)")
            }

            for comment in [nil, "", "  "] {
                let response = try await Self.decide(fixture, byManager, "reject", by: fixture.leader, comment: comment)
                #expect(
                    response.status == .unprocessableContent,
                    "reject with \(String(describing: comment)): \(response.body)")
            }
            var response = try await Self.decide(
                fixture, byManager, "reject", by: fixture.leader, comment: "Not this quarter.")
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Adjustment.self).state == "rejected")

            response = try await Self.decide(fixture, byLeader, "withdraw", by: fixture.leader)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Adjustment.self).state == "withdrawn")

            for (id, action, member) in [
                (byManager, "approve", fixture.leader2), (byManager, "reject", fixture.leader2),
                (byManager, "withdraw", fixture.manager),
                (byLeader, "approve", fixture.leader2), (byLeader, "withdraw", fixture.leader),
            ] {
                response = try await Self.decide(fixture, id, action, by: member, comment: "again")
                #expect(response.status == .conflict, "\(action) after the decision: \(response.body)")
                #expect(response.code == "invalid_state")
            }
            response = try await Self.decide(fixture, UUID(), "approve", by: fixture.leader2)
            #expect(response.status == .notFound, "\(response.body)")

            // Nothing was applied, and every decision is on record.
            response = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/revisions", token: fixture.leader.token)
            #expect(try response.expect(.ok, as: API.List<API.Revision>.self).items.count == 1)
            let approvals = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Approval>.self).items
            let onAdjustments = approvals.filter { $0.subject == "adjustment" }
            #expect(onAdjustments.map(\.decision) == ["submitted", "submitted", "rejected", "withdrawn"])
            #expect(onAdjustments.map(\.subjectID) == [byManager, byLeader, byManager, byLeader])
            #expect(onAdjustments[2].comment == "Not this quarter.")
            #expect(onAdjustments[2].actorID == fixture.leader.id)
        }
    }

    @Test("approval applies every change at once and records a new revision for each rep")
    func approvalApplies() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let versions = (
                try await fixture.assignmentVersion(fixture.veteran),
                try await fixture.assignmentVersion(fixture.newcomer)
            )
            var response = try await Self.request(
                fixture, by: fixture.manager, reason: "Q1 review: territory moved from Wang to Li",
                changes: [
                    Self.change(fixture.veteran, "2027-07", 1_500_000),
                    Self.change(fixture.veteran, "2027-08", 60, metric: "visits"),
                    Self.change(fixture.newcomer, "2027-07", 900_000),
                    Self.change(fixture.newcomer, "2027-12", 0),
                ])
            #expect(response.status == .created, "\(response.body)")
            let requested = try response.decode(API.Adjustment.self)
            let id = requested.id
            #expect(requested.state == "pending")
            #expect(requested.requestedBy == fixture.manager.id)
            #expect(requested.reason == "Q1 review: territory moved from Wang to Li")
            #expect(requested.changes.map(\.before) == [1_000_000, 40, 1_200_000, 1_200_000])
            let impact = try #require(requested.impact.first { $0.unitID == fixture.region && $0.metric == "revenue" })
            #expect(impact.goal == 24_000_000)
            #expect(impact.agreedBefore == 24_000_000)
            #expect(impact.agreedAfter == 24_000_000 + 500_000 - 300_000 - 1_200_000)

            // Pending changes nothing yet.
            #expect(try await fixture.assignmentVersion(fixture.veteran) == versions.0)
            response = try await fixture.assignment(fixture.veteran)
            #expect(try response.decode(API.Assignment.self).agreed?["revenue"]?.months == PlanFixture.veteranMonths)

            response = try await Self.decide(
                fixture, id, "approve", by: fixture.leader, comment: "Agreed in the review")
            #expect(response.status == .ok, "\(response.body)")
            #expect(try response.decode(API.Adjustment.self).state == "approved")

            var veteranRevenue = PlanFixture.veteranMonths
            veteranRevenue[6] = 1_500_000
            var veteranVisits: [Int64] = Array(repeating: 40, count: 12)
            veteranVisits[7] = 60
            var newcomerRevenue = PlanFixture.newcomerMonths
            newcomerRevenue[6] = 900_000
            newcomerRevenue[11] = 0
            for (rep, version, revenue) in [
                (fixture.veteran, versions.0, veteranRevenue), (fixture.newcomer, versions.1, newcomerRevenue),
            ] {
                response = try await fixture.assignment(rep, as: rep)
                #expect(response.version == version + 1)
                #expect(try response.decode(API.Assignment.self).agreed?["revenue"]?.months == revenue)
                response = try await api.request(
                    .get, "\(fixture.path)/assignments/\(rep.id)/revisions", token: rep.token)
                let revisions = try response.expect(.ok, as: API.List<API.Revision>.self).items
                #expect(revisions.map(\.revision) == [1, 2])
                #expect(revisions.count == 2 && revisions.first?.adjustmentID == nil)
                #expect(revisions.last?.adjustmentID == id)
                #expect(revisions.last?.values["revenue"]?.months == revenue)
                #expect(revisions.first?.values["revenue"]?.months != revenue)
            }
            response = try await fixture.assignment(fixture.veteran)
            #expect(try response.decode(API.Assignment.self).agreed?["visits"]?.months == veteranVisits)

            // The export follows the new revision.
            let csv = try await api.request(.get, "\(fixture.path)/targets.csv", token: fixture.veteran.token).body
            #expect(
                csv.contains("\(fixture.veteran.email),Li Veteran,North Key Accounts,revenue,2027-07,1500000"), "\(csv)"
            )

            #expect(try await Self.adjustments(fixture).map(\.state) == ["approved"])
            let kinds = try await fixture.events().map(\.kind)
            #expect(kinds.suffix(2) == ["adjustment.requested", "adjustment.approved"])
        }
    }

    @Test("a pending adjustment cannot be approved once the plan is archived")
    func archivedPlan() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let id = try await Self.request(
                fixture, by: fixture.manager, changes: [Self.change(fixture.veteran, "2027-07", 1)]
            ).expect(.created, as: API.Adjustment.self).id
            #expect(try await fixture.transition("archive", by: fixture.leader).status == .ok)
            let response = try await Self.decide(fixture, id, "approve", by: fixture.leader)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            let revisions = try await api.request(
                .get, "\(fixture.path)/assignments/\(fixture.veteran.id)/revisions", token: fixture.leader.token)
            #expect(try revisions.expect(.ok, as: API.List<API.Revision>.self).items.count == 1)
        }
    }

    @Test("an approval that may no longer apply applies nothing: months that started since the request are refused")
    func approvalIsAllOrNothing() async throws {
        try await TestAPI.run(today: Self.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let response = try await Self.request(
                fixture, by: fixture.manager,
                changes: [Self.change(fixture.veteran, "2027-09", 7), Self.change(fixture.newcomer, "2027-05", 7)])
            #expect(response.status == .created, "\(response.body)")
            let id = try response.decode(API.Adjustment.self).id

            // In June, May has gone by: the whole adjustment is refused, September included.
            try await TestAPI.run(today: LocalDate(year: 2027, month: 6, day: 10)!) { later in
                var response = try await later.request(
                    .post, "\(fixture.path)/adjustments/\(id)/approve", token: fixture.leader.token)
                #expect(response.status == .unprocessableContent, "\(response.body)")
                #expect(response.code == "guard_failed")
                for rep in [fixture.veteran, fixture.newcomer] {
                    response = try await later.request(
                        .get, "\(fixture.path)/assignments/\(rep.id)/revisions", token: fixture.leader.token)
                    #expect(try response.expect(.ok, as: API.List<API.Revision>.self).items.count == 1)
                }
                response = try await later.request(
                    .get, "\(fixture.path)/assignments/\(fixture.veteran.id)", token: fixture.leader.token)
                #expect(
                    try response.decode(API.Assignment.self).agreed?["revenue"]?.months == PlanFixture.veteranMonths)
                response = try await later.request(.get, "\(fixture.path)/adjustments", token: fixture.leader.token)
                #expect(try response.expect(.ok, as: API.List<API.Adjustment>.self).items.first?.state == "pending")
            }
        }
    }
}
