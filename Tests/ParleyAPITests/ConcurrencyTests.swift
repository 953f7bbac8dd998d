import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Postgres
import Testing

/// Real concurrent clients racing on the same plan, goal and assignment: exactly one winner, no lost
/// update, versions advanced by exactly one, and the audit chain still linear and verifiable.
@Suite("concurrent clients")
struct ConcurrencyTests {
    static let racers = 16

    /// Runs `body` for 0..<racers at once and gathers the responses.
    static func race(_ body: @escaping @Sendable (Int) async throws -> APIResponse) async throws -> [APIResponse] {
        try await withThrowingTaskGroup(of: APIResponse.self) { group in
            for index in 0..<racers {
                group.addTask { try await body(index) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The chain verifies over every event, numbered 1, 2, 3, ... without a gap.
    static func expectAuditHolds(_ fixture: PlanFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [API.Event]
    {
        let events = try await fixture.events()
        let verify = try await fixture.api.request(.get, "\(fixture.path)/audit/verify", token: fixture.leader.token)
        let audit = try verify.expect(.ok, as: API.AuditResult.self)
        #expect(audit.ok, "\(verify.body)", sourceLocation: sourceLocation)
        #expect(audit.events == events.count, sourceLocation: sourceLocation)
        expectLinearChain(events, sourceLocation: sourceLocation)
        return events
    }

    static func count(_ events: [API.Event], _ kind: String) -> Int {
        events.filter { $0.kind == kind }.count
    }

    @Test("racing to accept the same proposal with the same If-Match: one 200, the rest 412 or 409, version +1")
    func acceptRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            let rep = fixture.veteran
            let estimate = try await fixture.propose(
                on: rep, by: rep, values: ["revenue": ["months": PlanFixture.veteranMonths]])
            let proposal = try estimate.expect(.created, as: API.Proposal.self).id
            let version = try #require(estimate.version)

            let responses = try await Self.race { index in
                try await fixture.accept(
                    proposal, on: rep, by: index.isMultiple(of: 2) ? fixture.manager : fixture.leader, version: version)
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { [200, 409, 412].contains($0) }, "\(statuses)")
            #expect(responses.first { $0.status == .ok }?.version == version + 1)

            let assignment = try await fixture.assignment(rep)
            #expect(assignment.version == version + 1)
            #expect(try assignment.decode(API.Assignment.self).state == "agreed")
            #expect(try assignment.decode(API.Assignment.self).proposals.map(\.status) == ["accepted"])
            let events = try await Self.expectAuditHolds(fixture)
            #expect(Self.count(events, "proposal.accepted") == 1)
        }
    }

    @Test("racing to counter on the same assignment with the same If-Match: one proposal is created, version +1")
    func counterRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let rep = fixture.veteran
            let responses = try await Self.race { index in
                let author = index.isMultiple(of: 2) ? rep : fixture.manager
                return try await fixture.propose(
                    on: rep, by: author, values: ["revenue": ["annual": 1_000 * (index + 1)]], version: 1)
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { [201, 409, 412].contains($0) }, "\(statuses)")
            let winner = try #require(responses.first { $0.status == .created })

            let assignment = try await fixture.assignment(rep)
            #expect(assignment.version == 2)
            let proposals = try assignment.decode(API.Assignment.self).proposals
            let won = try winner.decode(API.Proposal.self)
            #expect(proposals.count == 1)
            #expect(proposals.first?.id == won.id)
            #expect(proposals.first?.values["revenue"]?.annual == won.values["revenue"]?.annual)
            let events = try await Self.expectAuditHolds(fixture)
            #expect(Self.count(events, "proposal.created") == 1)
        }
    }

    @Test("racing to take the same transition with the same If-Match: one 200, the rest 412 or 409, plan version +1")
    func transitionRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let version = try await fixture.planVersion()
            let responses = try await Self.race { index in
                try await fixture.transition(
                    "open_discussion", by: index.isMultiple(of: 2) ? fixture.manager : fixture.leader, version: version)
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { [200, 409, 412].contains($0) }, "\(statuses)")

            let plan = try await fixture.plan()
            #expect(plan.version == version + 1)
            #expect(try plan.decode(API.Plan.self).state == "in_discussion")
            let events = try await Self.expectAuditHolds(fixture)
            #expect(Self.count(events, "plan.open_discussion") == 1)
        }
    }

    @Test("two approvers racing on a plan that needs both: one approval counts, the plan stays pending")
    func approvalRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .pendingApproval, requiredApprovals: 2)
            let version = try await fixture.planVersion()
            let responses = try await Self.race { index in
                try await fixture.transition(
                    "approve", by: index.isMultiple(of: 2) ? fixture.leader : fixture.leader2, version: version)
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { [200, 409, 412].contains($0) }, "\(statuses)")

            let plan = try await fixture.plan()
            #expect(plan.version == version + 1)
            #expect(try plan.decode(API.Plan.self).state == "pending_approval")
            let approvals = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Approval>.self).items
            #expect(approvals.map(\.decision) == ["submitted", "approved"])
            _ = try await Self.expectAuditHolds(fixture)
        }
    }

    @Test(
        "racing to replace the same goal with the same If-Match: one 200, the rest 412, and the winner's values are stored"
    )
    func goalReplaceRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let responses = try await Self.race { index in
                try await fixture.putGoal(
                    fixture.region, values: ["revenue": ["annual": 1_200 * (index + 1)]], version: 1)
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 412 }.count == Self.racers - 1, "\(statuses)")
            #expect(
                responses.filter { $0.status == .preconditionFailed }.allSatisfy {
                    $0.problem?.currentVersion == 2
                })
            let winner = try #require(responses.first { $0.status == .ok })
            #expect(winner.version == 2)

            let goals =
                try await api.request(.get, "\(fixture.path)/goals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Goal>.self).items
            #expect(goals.count == 1)
            #expect(goals.first?.version == 2)
            #expect(
                goals.first?.values["revenue"]?.annual == (try winner.decode(API.Goal.self)).values["revenue"]?.annual)
            let events = try await Self.expectAuditHolds(fixture)
            #expect(Self.count(events, "goal.replaced") == 1)
        }
    }

    @Test("racing to create the same goal: one 201, the rest 412")
    func goalCreateRace() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let responses = try await Self.race { index in
                try await fixture.putGoal(fixture.team, values: ["visits": ["annual": 12 * (index + 1)]])
            }
            let statuses = responses.map(\.status.code)
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 412 }.count == Self.racers - 1, "\(statuses)")
            let goals =
                try await api.request(.get, "\(fixture.path)/goals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Goal>.self).items
            #expect(goals.count == 1)
            #expect(goals.first?.version == 1)
            let events = try await Self.expectAuditHolds(fixture)
            #expect(Self.count(events, "goal.created") == 1)
        }
    }

    @Test("many writers at once on one plan all land, each as one event in one linear chain")
    func concurrentWriters() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let before = try await fixture.events().count
            let writers: [(Member, Member?)] = [
                (fixture.manager, fixture.veteran), (fixture.newcomer, nil), (fixture.leader, nil),
                (fixture.veteran, fixture.veteran),
            ]
            let responses = try await Self.race { index in
                let (author, rep) = writers[index % writers.count]
                return try await fixture.comment("note \(index)", by: author, rep: rep)
            }
            #expect(responses.allSatisfy { $0.status == .created }, "\(responses.map(\.status.code))")
            let events = try await Self.expectAuditHolds(fixture)
            #expect(events.count == before + Self.racers)
            #expect(Self.count(events, "comment.created") == Self.racers)
            let listed =
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.viewer.token)
                .expect(.ok, as: API.List<API.Comment>.self).items
            #expect(listed.count == Self.racers)
        }
    }

    @Test("comments at once, some refused (a viewer, an unknown parent, too long): the others land, the refused change nothing")
    func concurrentCommentsSomeRefused() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let before = try await fixture.events().count
            let responses = try await Self.race { index in
                switch index % 4 {
                case 1: return try await fixture.comment("from a viewer \(index)", by: fixture.viewer)
                case 2:
                    return try await api.request(
                        .post, "\(fixture.path)/comments", token: fixture.leader.token,
                        json: ["body": "reply \(index)", "parent_id": UUID().uuidString])
                case 3: return try await fixture.comment(String(repeating: "x", count: 10_001), by: fixture.leader)
                default: return try await fixture.comment("note \(index)", by: fixture.manager, rep: fixture.veteran)
                }
            }
            let codes = responses.map(\.status.code).sorted()
            let landed = Self.racers / 4
            #expect(codes == Array(repeating: 201, count: landed) + Array(repeating: 403, count: landed)
                + Array(repeating: 422, count: 2 * landed), "\(codes)")
            let events = try await Self.expectAuditHolds(fixture)
            #expect(events.count == before + landed)
            let listed =
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Comment>.self).items
            #expect(listed.map(\.body).sorted() == (0..<Self.racers).filter { $0 % 4 == 0 }.map { "note \($0)" }.sorted())
        }
    }

    @Test("a proposal behind a transition in flight is 409 invalid_state once the plan left discussion; nothing recorded")
    func proposalBehindTransition() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            let version = try await fixture.assignmentVersion(fixture.veteran)
            let before = try await fixture.events().count
            // A transition as the store takes one: the plan locked FOR UPDATE, its state changed, not committed yet.
            let (org, plan) = (fixture.org.orgID, fixture.planID)
            let transition = try PostgresConnection(conninfo: TestDatabase.conninfo)
            try transition.execute(raw: "BEGIN")
            try transition.execute(raw: "SET LOCAL app.org_id = '\(org)'")
            try transition.execute(raw: "SELECT 1 FROM plans WHERE org_id = '\(org)' AND plan_id = '\(plan)' FOR UPDATE")
            try transition.execute(
                raw: "UPDATE plans SET state = 'pending_approval' WHERE org_id = '\(org)' AND plan_id = '\(plan)'")
            async let proposed = fixture.propose(
                on: fixture.veteran, by: fixture.veteran,
                values: ["revenue": ["annual": 12_000_000, "distribution": "even"]], version: version)
            // The proposal reads the plan as in discussion, then waits on the plan's lock for its state check.
            try await Task.sleep(for: .milliseconds(500))
            try transition.execute(raw: "COMMIT")
            let response = try await proposed
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state", "\(response.body)")
            #expect(try await fixture.assignmentVersion(fixture.veteran) == version, "the assignment is unchanged")
            #expect(try await fixture.events().count == before, "no event was recorded")
        }
    }
}
