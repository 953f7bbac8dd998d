import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

@Suite("plan rules the contract leaves to judgement")
struct PlanRulesTests {
    @Test("approvers must be leaders or managers: a rep, a viewer or an admin is refused with 422")
    func approversDecide() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            for member in [fixture.veteran, fixture.viewer, fixture.admin] {
                let response = try await api.request(
                    .post, "/v1/plans", token: fixture.leader.token,
                    json: [
                        "name": "Bad approvers", "unit_id": fixture.region.uuidString, "start_month": "2027-01",
                        "approver_ids": [member.id.uuidString],
                    ])
                #expect(response.status == .unprocessableContent, "\(response.body)")
                #expect(response.problem?.errors?.first?.field == "approver_ids")
            }
            let response = try await api.request(
                .post, "/v1/plans", token: fixture.leader.token,
                json: [
                    "name": "Manager approves", "unit_id": fixture.region.uuidString, "start_month": "2027-01",
                    "approver_ids": [fixture.otherManager.id.uuidString],
                ])
            #expect(response.status == .created, "\(response.body)")
        }
    }

    @Test("a rep reads the plan's decisions but not the adjustments' (their reasons name other reps)")
    func repSeesPlanDecisionsOnly() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let adjustment = try await api.request(
                .post, "\(fixture.path)/adjustments", token: fixture.manager.token,
                json: [
                    "reason": "Territory moved from Wang to Li",
                    "changes": [["rep_id": fixture.veteran.id.uuidString, "metric": "revenue", "month": "2027-08", "value": 5]],
                ])
            #expect(adjustment.status == .created, "\(adjustment.body)")
            let all = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
            #expect(try all.expect(.ok, as: API.List<API.Approval>.self).items.contains { $0.subject == "adjustment" })
            let rep = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.newcomer.token)
            #expect(rep.status == .ok)
            let visible = try rep.decode(API.List<API.Approval>.self).items
            #expect(!visible.isEmpty)
            #expect(visible.allSatisfy { $0.subject == "plan" })
        }
    }

    @Test("a role change takes effect on the next request, despite the authentication cache")
    func roleChangeIsImmediate() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api)
            let body: [String: Any] = ["name": "Second plan", "unit_id": fixture.region.uuidString, "start_month": "2027-01"]
            #expect(try await api.request(.post, "/v1/plans", token: fixture.leader2.token, json: body).status == .created)
            let user = try await api.request(.get, "/v1/users/\(fixture.leader2.id)", token: fixture.org.adminToken)
            let demoted = try await api.request(
                .patch, "/v1/users/\(fixture.leader2.id)", token: fixture.org.adminToken, json: ["role": "viewer"],
                headers: [.ifMatch: "\"\(user.version ?? 0)\""])
            #expect(demoted.status == .ok, "\(demoted.body)")
            #expect(try await api.request(.post, "/v1/plans", token: fixture.leader2.token, json: body).status == .forbidden)
        }
    }

    @Test("short lists page too: approvals walked with limit=1 give every decision once, in order")
    func approvalsPage() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let whole = try await api.request(.get, "\(fixture.path)/approvals", token: fixture.leader.token)
            let all = try whole.expect(.ok, as: API.List<API.Approval>.self).items.map(\.id)
            #expect(all.count >= 2)
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await api.request(
                    .get, "\(fixture.path)/approvals?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), token: fixture.leader.token)
                let list = try page.expect(.ok, as: API.List<API.Approval>.self)
                #expect(list.items.count == 1)
                seen += list.items.map(\.id)
                cursor = list.nextCursor
            } while cursor != nil && seen.count <= all.count
            #expect(seen == all)
            let bad = try await api.request(.get, "\(fixture.path)/approvals?cursor=nope", token: fixture.leader.token)
            #expect(bad.status == .unprocessableContent)
        }
    }
}
