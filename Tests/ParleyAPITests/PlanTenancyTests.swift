import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// Another organization never learns that this plan or anything in it exists (contract: Conventions, 404).
@Suite("plan tenancy")
struct PlanTenancyTests {
    @Test("another org's tokens on this plan's ids are 404, for reads and writes alike, and change nothing")
    func anotherOrganization() async throws {
        try await TestAPI.run(today: AdjustmentTests.midMarch) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let veteran = fixture.veteran.id
            let proposal = try #require(try await fixture.assignmentBody(fixture.veteran).proposals.first?.id)
            let comment = try await fixture.comment("Noted.", by: fixture.manager, rep: fixture.veteran)
                .expect(.created, as: API.Comment.self).id
            let adjustment = try await AdjustmentTests.request(
                fixture, by: fixture.manager, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1)]
            ).expect(.created, as: API.Adjustment.self).id
            let approvals = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Approval>.self).items
            #expect(approvals.count >= 3)
            let planVersion = try await fixture.planVersion()
            let eventCount = try await fixture.events().count

            let stranger = try await TestOrg.make(api, name: "Rival Org")
            let strangerLeader = try await PlanFixture.member(
                api, stranger, role: "leader", name: "Rita Rival", unit: stranger.rootUnitID)
            let strangerViewer = try await PlanFixture.member(
                api, stranger, role: "viewer", name: "Rolf Rival", unit: stranger.rootUnitID)
            let strangerAdmin = Member(id: stranger.adminID, token: stranger.adminToken, email: "")

            let plan = fixture.path
            let requests: [(HTTPRequest.Method, String, [String: Any]?, HTTPFields)] = [
                (.get, plan, nil, [:]),
                (.patch, plan, ["name": "Ours now"], ifMatch(planVersion)),
                (.post, "\(plan)/transitions", ["action": "archive"], ifMatch(planVersion)),
                (.get, "\(plan)/goals", nil, [:]),
                (.put, "\(plan)/goals/\(fixture.region)", ["values": ["revenue": ["annual": 1]]], ifMatch(1)),
                (.put, "\(plan)/goals/\(fixture.team)", ["values": ["revenue": ["annual": 1]]], [.ifNoneMatch: "*"]),
                (.get, "\(plan)/assignments", nil, [:]),
                (.get, "\(plan)/assignments/\(veteran)", nil, [:]),
                (.post, "\(plan)/assignments/\(veteran)/proposals", ["values": ["visits": ["annual": 1]]], ifMatch(2)),
                (.post, "\(plan)/assignments/\(veteran)/proposals/\(proposal)/accept", nil, ifMatch(2)),
                (.get, "\(plan)/assignments/\(veteran)/revisions", nil, [:]),
                (.get, "\(plan)/comments", nil, [:]),
                (.get, "\(plan)/comments?rep_id=\(veteran)", nil, [:]),
                (.post, "\(plan)/comments", ["body": "hello", "parent_id": comment.uuidString], [:]),
                (.get, "\(plan)/approvals", nil, [:]),
                (.get, "\(plan)/adjustments", nil, [:]),
                (
                    .post, "\(plan)/adjustments",
                    ["reason": "r", "changes": [AdjustmentTests.change(fixture.veteran, "2027-08", 1)]], [:]
                ),
                (.post, "\(plan)/adjustments/\(adjustment)/approve", ["comment": "ok"], [:]),
                (.post, "\(plan)/adjustments/\(adjustment)/reject", ["comment": "no"], [:]),
                (.post, "\(plan)/adjustments/\(adjustment)/withdraw", nil, [:]),
                (.get, "\(plan)/events?after=0", nil, [:]),
                (.get, "\(plan)/audit/verify", nil, [:]),
                (.get, "\(plan)/targets.csv", nil, [:]),
            ]
            for member in [strangerLeader, strangerAdmin, strangerViewer] {
                for (method, path, body, headers) in requests {
                    let response = try await api.request(
                        method, path, token: member.token, json: body, headers: headers)
                    #expect(response.status == .notFound, "\(method) \(path): \(response.status) \(response.body)")
                    #expect(response.code == "not_found", "\(method) \(path)")
                    #expect(
                        !response.body.contains(fixture.planID.uuidString.lowercased()),
                        "\(method) \(path) leaks the plan")
                }
                let listed = try await api.request(.get, "/v1/plans", token: member.token)
                #expect(try listed.decode(API.List<API.Plan>.self).items.isEmpty)
            }

            // Nothing moved, and our own leader cannot reach the stranger's units either.
            #expect(try await fixture.planVersion() == planVersion)
            #expect(try await fixture.events().count == eventCount)
            #expect(try await AdjustmentTests.adjustments(fixture).first?.state == "pending")
            let draft = try await PlanFixture.make(api, stage: .draft)
            let foreignUnit = try await draft.putGoal(stranger.rootUnitID, values: ["revenue": ["annual": 1]])
            #expect(foreignUnit.status == .notFound, "\(foreignUnit.body)")
        }
    }
}

/// `targets.csv`: the agreed (or current) targets, one line per rep, metric and month, as far as the caller may see.
@Suite("targets export")
struct ExportTests {
    @Test("the export lists every agreed target the caller may see, and no other")
    func agreedTargets() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let header = "rep_email,rep_name,unit,metric,month,value"
            var response = try await api.request(.get, "\(fixture.path)/targets.csv", token: fixture.viewer.token)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            var lines = response.body.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.first == header)
            #expect(lines.count == 1 + 2 * 3 * 12, "two reps, three metrics, twelve months")
            #expect(lines.contains("\(fixture.veteran.email),Li Veteran,North Key Accounts,revenue,2027-01,1000000"))
            #expect(lines.contains("\(fixture.newcomer.email),Wang Newcomer,North Key Accounts,revenue,2027-02,0"))
            #expect(
                lines.contains("\(fixture.newcomer.email),Wang Newcomer,North Key Accounts,revenue,2027-12,1200000"))
            #expect(lines.contains("\(fixture.veteran.email),Li Veteran,North Key Accounts,visits,2027-12,40"))
            let revenue = lines.filter { $0.contains(",revenue,") }.compactMap {
                Int($0.split(separator: ",").last ?? "")
            }
            #expect(revenue.reduce(0, +) == PlanFixture.goalRevenue)

            response = try await api.request(.get, "\(fixture.path)/targets.csv", token: fixture.veteran.token)
            lines = response.body.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.count == 1 + 3 * 12)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\(fixture.veteran.email),") })

            response = try await api.request(.get, "\(fixture.path)/targets.csv", token: fixture.otherManager.token)
            #expect(response.body.split(whereSeparator: \.isNewline).map(String.init) == [header])
        }
    }

    @Test("a field a spreadsheet would run as a formula is defused, and fields with commas or quotes are quoted")
    func formulaInjection() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let rep = try await PlanFixture.member(
                api, fixture.org, role: "rep", name: "=HYPERLINK(\"http://x\",\"y\")", unit: fixture.team,
                hiredOn: "2019-01-01")
            #expect(try await fixture.transition("publish", by: fixture.leader).status == .ok)
            #expect(try await fixture.propose(on: rep, by: rep, values: ["visits": ["annual": 12]]).status == .created)
            let csv = try await api.request(.get, "\(fixture.path)/targets.csv", token: rep.token).body
            let lines = csv.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.count == 1 + 3 * 12)
            #expect(
                lines.contains(
                    "\(rep.email),\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",North Key Accounts,visits,2027-01,1"),
                "\(csv)")
            #expect(!lines.contains { $0.contains(",=") }, "\(csv)")
        }
    }

    @Test("before agreement the export shows the current proposal")
    func currentTargets() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            #expect(
                try await fixture.propose(
                    on: fixture.veteran, by: fixture.veteran, values: ["revenue": ["annual": 6_000]]
                ).status == .created)
            #expect(
                try await fixture.propose(
                    on: fixture.veteran, by: fixture.manager, values: ["revenue": ["annual": 7_200]]
                ).status == .created)
            let lines = try await api.request(.get, "\(fixture.path)/targets.csv", token: fixture.manager.token).body
                .split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.contains("\(fixture.veteran.email),Li Veteran,North Key Accounts,revenue,2027-03,600"))
            #expect(
                !lines.contains { $0.hasPrefix("\(fixture.newcomer.email),") }, "nothing proposed for the newcomer yet")
        }
    }
}
