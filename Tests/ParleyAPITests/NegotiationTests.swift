import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// Proposals, counters and acceptance on one rep's assignment (contract: Assignments and the negotiation).
@Suite("the negotiation")
struct NegotiationTests {
    static var visits: [String: Any] { ["visits": ["annual": 480]] }

    @Test(
        "the first rep proposal is an estimate, the first manager-side one top_down, later ones counters; each supersedes its side's open one"
    )
    func kindsAndSupersession() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let rep = fixture.veteran
            var response = try await fixture.assignment(rep, as: rep)
            #expect(try response.decode(API.Assignment.self).state == "awaiting_estimate")
            #expect(try response.decode(API.Assignment.self).maturity == "veteran")
            #expect(try response.decode(API.Assignment.self).rampMonthsInPlan == 0)
            #expect(try response.decode(API.Assignment.self).proposals.count == 0)
            #expect(try response.decode(API.Assignment.self).agreed == nil)
            #expect(response.version == 1)

            // The manager side speaks first: top_down, even before any estimate.
            response = try await fixture.propose(
                on: rep, by: fixture.manager, values: ["revenue": ["annual": 14_400_000]], version: 1)
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.Proposal.self).kind == "top_down")
            #expect(try response.decode(API.Proposal.self).side == "manager")
            #expect(try response.decode(API.Proposal.self).status == "open")
            #expect(try response.decode(API.Proposal.self).authorID == fixture.manager.id)
            #expect(response.version == 2)
            let topDown = try response.decode(API.Proposal.self).id
            #expect(try await fixture.assignmentBody(rep).state == "countered")

            response = try await fixture.propose(
                on: rep, by: rep, values: ["revenue": ["annual": 12_000_000]], version: 2)
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.Proposal.self).kind == "estimate")
            #expect(try response.decode(API.Proposal.self).side == "rep")
            #expect(response.version == 3)
            let estimate = try response.decode(API.Proposal.self).id
            #expect(try await fixture.assignmentBody(rep).state == "estimate_submitted")

            response = try await fixture.propose(
                on: rep, by: rep, values: ["revenue": ["annual": 12_600_000]], version: 3)
            #expect(try response.decode(API.Proposal.self).kind == "counter", "\(response.body)")
            let repCounter = try response.decode(API.Proposal.self).id

            // A leader is on the manager side; the manager side has spoken, so this is a counter.
            response = try await fixture.propose(
                on: rep, by: fixture.leader, values: ["revenue": ["annual": 13_200_000]], version: 4)
            #expect(try response.decode(API.Proposal.self).kind == "counter", "\(response.body)")
            #expect(try response.decode(API.Proposal.self).side == "manager")
            let leaderCounter = try response.decode(API.Proposal.self).id

            response = try await fixture.assignment(rep, as: rep)
            #expect(try response.decode(API.Assignment.self).state == "countered")
            #expect(response.version == 5)
            let proposals = try response.decode(API.Assignment.self).proposals
            #expect(proposals.map(\.id) == [topDown, estimate, repCounter, leaderCounter])
            #expect(proposals.map(\.kind) == ["top_down", "estimate", "counter", "counter"])
            #expect(proposals.map(\.status) == ["superseded", "superseded", "open", "open"])
            #expect(proposals.map(\.side) == ["manager", "rep", "rep", "manager"])
            #expect(
                proposals.compactMap { $0.values["revenue"]?.annual } == [
                    14_400_000, 12_000_000, 12_600_000, 13_200_000,
                ])

            // On the other assignment the rep speaks first: estimate, then the manager's first is top_down.
            response = try await fixture.propose(
                on: fixture.newcomer, by: fixture.newcomer, values: ["revenue": ["months": PlanFixture.newcomerMonths]])
            #expect(try response.decode(API.Proposal.self).kind == "estimate", "\(response.body)")
            response = try await fixture.propose(on: fixture.newcomer, by: fixture.manager, values: Self.visits)
            #expect(try response.decode(API.Proposal.self).kind == "top_down", "\(response.body)")
            response = try await fixture.assignment(fixture.newcomer)
            #expect(try response.decode(API.Assignment.self).maturity == "ramping")
            #expect(try response.decode(API.Assignment.self).rampMonthsInPlan == 2)
            #expect(try response.decode(API.Assignment.self).proposals.map(\.status) == ["open", "open"])
        }
    }

    @Test("a rep promoted to manager mid-plan still sees their own assignment and negotiates it on the rep side")
    func promotedRepNegotiatesOwnAssignmentOnRepSide() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            let rep = fixture.veteran
            let user = try await api.request(.get, "/v1/users/\(rep.id)", token: fixture.admin.token)
            let promoted = try await api.request(
                .patch, "/v1/users/\(rep.id)", token: fixture.admin.token, json: ["role": "manager"],
                headers: [.ifMatch: "\"\(try #require(user.version))\""])
            #expect(promoted.status == .ok, "\(promoted.body)")

            #expect(try await fixture.assignment(rep, as: rep).status == .ok, "their own targets stay visible")
            var response = try await fixture.propose(on: rep, by: rep, values: ["revenue": ["annual": 12_000_000]])
            #expect(response.status == .created, "\(response.body)")
            #expect(try response.decode(API.Proposal.self).side == "rep", "whose target it is answers for it")
            let estimate = try response.decode(API.Proposal.self).id
            response = try await fixture.accept(estimate, on: rep, by: rep)
            #expect(response.status == .forbidden, "not their own proposal: \(response.body)")
            response = try await fixture.accept(estimate, on: rep, by: fixture.manager)
            #expect(response.status == .ok, "their manager accepts: \(response.body)")
        }
    }

    @Test("only the other side accepts, only an open proposal; the accepted values become the agreed ones")
    func acceptance() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .inDiscussion)
            let rep = fixture.veteran
            var response = try await fixture.propose(on: rep, by: rep, values: ["revenue": ["annual": 12_000_000]])
            let first = try response.decode(API.Proposal.self).id
            response = try await fixture.propose(
                on: rep, by: rep, values: ["revenue": ["months": PlanFixture.veteranMonths]] as [String: Any])
            let second = try response.decode(API.Proposal.self).id
            let version = try #require(response.version)

            response = try await fixture.accept(first, on: rep, by: fixture.manager)
            #expect(response.status == .conflict, "a superseded proposal: \(response.body)")
            #expect(response.code == "invalid_state")

            response = try await fixture.accept(second, on: rep, by: rep)
            #expect(response.status == .forbidden, "one's own proposal: \(response.body)")

            response = try await fixture.accept(second, on: rep, by: fixture.manager, version: version - 1)
            #expect(response.status == .preconditionFailed, "\(response.body)")
            #expect(response.code == "version_conflict")
            #expect(response.problem?.currentVersion == version)

            response = try await api.request(
                .post, "\(fixture.path)/assignments/\(rep.id)/proposals/\(second)/accept", token: fixture.manager.token)
            #expect(response.status == .preconditionRequired, "\(response.body)")
            #expect(response.code == "precondition_required")

            response = try await fixture.accept(UUID(), on: rep, by: fixture.manager)
            #expect(response.status == .notFound, "\(response.body)")
            #expect(try await fixture.assignmentVersion(rep) == version, "refused acceptances change nothing")

            response = try await fixture.accept(second, on: rep, by: fixture.manager, version: version)
            #expect(response.status == .ok, "\(response.body)")
            #expect(response.version == version + 1)
            #expect(try response.decode(API.Assignment.self).version == version + 1)
            #expect(try response.decode(API.Assignment.self).state == "agreed")
            let agreed = try response.decode(API.Assignment.self)
            #expect(agreed.agreed?["revenue"]?.months == PlanFixture.veteranMonths)
            #expect(agreed.agreed?["revenue"]?.annual == 12_000_000)
            #expect(agreed.proposals.map(\.status) == ["superseded", "accepted"])

            // Accepting it twice: it is no longer open.
            response = try await fixture.accept(second, on: rep, by: fixture.leader)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
        }
    }

    @Test("a proposal needs If-Match of the assignment: 428 without, 412 with current_version when stale")
    func proposalPreconditions() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let rep = fixture.veteran
            let url = "\(fixture.path)/assignments/\(rep.id)/proposals"
            var response = try await api.request(.post, url, token: rep.token, json: ["values": Self.visits])
            #expect(response.status == .preconditionRequired, "\(response.body)")
            #expect(response.code == "precondition_required")

            #expect(try await fixture.propose(on: rep, by: rep, values: Self.visits, version: 1).status == .created)
            for stale in ["\"1\"", "\"7\"", "W/\"1\""] {
                response = try await api.request(
                    .post, url, token: rep.token, json: ["values": Self.visits], headers: [.ifMatch: stale])
                #expect(response.status == .preconditionFailed, "If-Match: \(stale): \(response.body)")
                #expect(response.code == "version_conflict")
                #expect(response.problem?.currentVersion == 2)
                #expect(response.headers[.eTag] == "\"2\"")
            }
            response = try await fixture.assignment(rep)
            #expect(response.version == 2)
            #expect(try response.decode(API.Assignment.self).proposals.count == 1)
        }
    }

    @Test(
        "a rep, or a manager of another region, cannot see or act on an assignment (404); a viewer or admin cannot propose (403)"
    )
    func visibility() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let estimate = try await fixture.propose(
                on: fixture.veteran, by: fixture.veteran, values: Self.visits, version: 1)
            let proposal = try estimate.expect(.created, as: API.Proposal.self).id
            let assignment = "\(fixture.path)/assignments/\(fixture.veteran.id)"

            for (who, member) in [
                ("another rep", fixture.newcomer), ("a rep outside the plan", fixture.outsider),
                ("a manager of another region", fixture.otherManager),
            ] {
                var response = try await api.request(.get, assignment, token: member.token)
                #expect(response.status == .notFound, "\(who) reads: \(response.body)")
                #expect(response.code == "not_found")
                response = try await api.request(.get, "\(assignment)/revisions", token: member.token)
                #expect(response.status == .notFound, "\(who) reads revisions: \(response.body)")
                response = try await api.request(
                    .post, "\(assignment)/proposals", token: member.token, json: ["values": Self.visits],
                    headers: ifMatch(2))
                #expect(response.status == .notFound, "\(who) proposes: \(response.body)")
                response = try await api.request(
                    .post, "\(assignment)/proposals/\(proposal)/accept", token: member.token, headers: ifMatch(2))
                #expect(response.status == .notFound, "\(who) accepts: \(response.body)")
            }
            // Lists show only what the caller may see.
            var listed = try await api.request(.get, "\(fixture.path)/assignments", token: fixture.newcomer.token)
            #expect(try listed.decode(API.List<API.Assignment>.self).items.map(\.repID) == [fixture.newcomer.id])
            listed = try await api.request(.get, "\(fixture.path)/assignments", token: fixture.otherManager.token)
            #expect(try listed.decode(API.List<API.Assignment>.self).items.isEmpty)
            listed = try await api.request(
                .get, "\(fixture.path)/assignments?unit_id=\(fixture.team)", token: fixture.manager.token)
            let page = try listed.decode(API.List<API.Assignment>.self)
            #expect(page.items.count == 2)
            #expect(page.nextCursor == nil)

            for (who, member) in [("a viewer", fixture.viewer), ("an admin", fixture.admin)] {
                var response = try await api.request(.get, assignment, token: member.token)
                #expect(response.status == .ok, "\(who) reads: \(response.body)")
                #expect(try response.decode(API.Assignment.self).proposals.count == 1)
                response = try await api.request(
                    .post, "\(assignment)/proposals", token: member.token, json: ["values": Self.visits],
                    headers: ifMatch(2))
                #expect(response.status == .forbidden, "\(who) proposes: \(response.body)")
                response = try await api.request(
                    .post, "\(assignment)/proposals/\(proposal)/accept", token: member.token, headers: ifMatch(2))
                #expect(response.status == .forbidden, "\(who) accepts: \(response.body)")
            }
            #expect(try await fixture.assignmentVersion(fixture.veteran) == 2)
            #expect(try await fixture.assignment(fixture.veteran, as: fixture.manager).status == .ok)
        }
    }

    @Test(
        "server-owned fields in a proposal body are refused with 422",
        arguments: [
            "status", "side", "kind", "author_id", "id", "implied", "consistent", "created_at", "version", "state",
        ])
    func serverOwnedFields(_ field: String) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let value: Any =
                switch field {
                case "status": "accepted"
                case "side": "manager"
                case "kind": "top_down"
                case "consistent": true
                case "implied": ["revenue": 1]
                case "version": 9
                default: fixture.leader.id.uuidString
                }
            let response = try await api.request(
                .post, "\(fixture.path)/assignments/\(fixture.veteran.id)/proposals", token: fixture.veteran.token,
                json: ["values": Self.visits, field: value], headers: ifMatch(1))
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "validation_failed")
            #expect(response.errorFields.contains(field), "\(response.body)")
            #expect(try await fixture.assignmentVersion(fixture.veteran) == 1)
        }
    }

    @Test("consistent says whether the proposed revenue is within tolerance of what the funnel assumptions imply")
    func consistency() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed, toleranceBps: 100)
            let rep = fixture.veteran
            // 400 leads × 20 % × 2,500,000 = 200,000,000; 1 % tolerance is 2,000,000.
            let assumptions: [String: Any] = ["qualified_leads": 400, "win_rate_bps": 2000, "avg_deal_size": 2_500_000]
            for (annual, consistent) in [
                (12_000_000, false), (198_000_000, true), (202_000_000, true), (197_999_999, false),
                (202_000_001, false),
            ] {
                let response = try await fixture.propose(
                    on: rep, by: rep, values: ["revenue": ["annual": annual]], assumptions: assumptions)
                #expect(response.status == .created, "\(response.body)")
                let proposal = try response.decode(API.Proposal.self)
                #expect(proposal.implied["revenue"] == 200_000_000)
                #expect(proposal.consistent == consistent, "annual \(annual)")
                #expect(proposal.assumptions?.winRateBps == 2000)
            }
            for bad: [String: Any] in [
                ["qualified_leads": 400, "win_rate_bps": 10_001, "avg_deal_size": 1],
                ["qualified_leads": -1, "win_rate_bps": 2000, "avg_deal_size": 1],
                ["qualified_leads": 400, "win_rate_bps": 2000, "avg_deal_size": 2.5],
                ["qualified_leads": 400, "win_rate_bps": 2000],
                ["qualified_leads": 400, "win_rate_bps": 2000, "avg_deal_size": 1, "deals": 80],
            ] {
                let response = try await fixture.propose(
                    on: rep, by: rep, values: ["revenue": ["annual": 1]], assumptions: bad)
                #expect(response.status == .unprocessableContent, "\(bad): \(response.body)")
                #expect(response.errorFields.contains { $0.hasPrefix("assumptions") }, "\(response.body)")
            }
        }
    }

    @Test("proposals and acceptances are refused once the plan is submitted: 409 invalid_state")
    func closedNegotiation() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .pendingApproval)
            let rep = fixture.veteran
            var response = try await fixture.propose(on: rep, by: rep, values: Self.visits)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            let proposals = try await fixture.assignmentBody(rep).proposals
            let accepted = try #require(proposals.last?.id)
            response = try await fixture.accept(accepted, on: rep, by: fixture.manager)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
        }
    }

    @Test("a proposal's bad values are 422 with the field path and change nothing")
    func badProposalValues() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let url = "\(fixture.path)/assignments/\(fixture.veteran.id)/proposals"
            let cases: [(String, String)] = [
                (#"{"values": {"revenue": {"months": [0,0,0,0,0,2.5,0,0,0,0,0,0]}}}"#, "values.revenue.months[5]"),
                (#"{"values": {"revenue": {"annual": 9007199254740992}}}"#, "values.revenue.annual"),
                (#"{"values": {"visits": {"annual": -1}}}"#, "values.visits.annual"),
                (#"{"values": {"repeat_purchases": {"annual": 1}}}"#, "values.repeat_purchases"),
                (#"{"values": {"visits": {"annual": 1}}, "rationale": 5}"#, "rationale"),
            ]
            for (body, field) in cases {
                let response = try await api.request(
                    .post, url, token: fixture.veteran.token, raw: body, headers: ifMatch(1))
                #expect(response.status == .unprocessableContent, "\(body): \(response.body)")
                #expect(response.errorFields.contains(field), "\(body): \(response.body)")
            }
            let response = try await api.request(
                .post, url, token: fixture.veteran.token, raw: #"{"values": {"visits": {"annual": 1}}"#,
                headers: ifMatch(1))
            #expect(response.status == .badRequest, "\(response.body)")
            #expect(response.code == "malformed_json")
            #expect(try await fixture.assignmentVersion(fixture.veteran) == 1)
        }
    }
}
