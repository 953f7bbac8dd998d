import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `POST /v1/funnel/solve`: what each lever alone would need to turn last year's funnel into the target.
@Suite("funnel solver API")
struct FunnelAPITests {
    /// The funnel solver as the org's admin.
    private func solve(_ api: TestAPI, _ body: Any, token: String? = nil) async throws -> (APIResponse, TestOrg) {
        let org = try await TestOrg.make(api)
        let response = try await api.request(.post, "/v1/funnel/solve", token: token ?? org.adminToken, json: body)
        return (response, org)
    }

    @Test("doubling 10,000,000 from 200 deals and 2,000 leads: each lever alone must double")
    func classicExample() async throws {
        try await TestAPI.run { api in
            let (response, _) = try await solve(
                api,
                [
                    "baseline": ["revenue": 10_000_000, "deals": 200, "qualified_leads": 2_000, "lead_cost": 500],
                    "target_revenue": 20_000_000,
                ])
            let json = try response.expect(.ok, as: API.FunnelSolution.self)
            #expect(json.avgDealSize == 50_000)
            #expect(json.winRateBps == 1_000)
            #expect(json.neededDeals == 400)

            let leads = json.levers.leads
            #expect(leads.baseline == 2_000)
            #expect(leads.needed == 4_000)
            #expect(leads.growthBps == 10_000)
            // The whole budget for the needed leads, not just the increase (2,000 × 500 = 1,000,000).
            #expect(leads.marketingBudget == 2_000_000)
            #expect(json.marketingBudget == 2_000_000)

            let dealSize = json.levers.dealSize
            #expect(dealSize.baseline == 50_000)
            #expect(dealSize.needed == 100_000)
            #expect(dealSize.growthBps == 10_000)

            let winRate = json.levers.winRate
            #expect(winRate.baseline == 1_000)
            #expect(winRate.needed == 2_000)
            #expect(winRate.growthBps == 10_000)

            let flags = json.flags
            #expect(flags.contains("deal_size_growth_unrealistic"), "\(flags)")
            // Doubling the leads is at the limit, not above it; a win rate of 20 % is possible.
            #expect(!flags.contains("leads_growth_unrealistic"), "\(flags)")
            #expect(!flags.contains("win_rate_impossible"), "\(flags)")
        }
    }

    @Test("requirements are rounded up: a lever that falls short by a fraction does not reach the target")
    func roundingUp() async throws {
        try await TestAPI.run { api in
            // 6 deals of 166,666.67 from 70 leads (8.57 %); doubling needs 12 deals of 333,333.33 or 17.14 %.
            var (response, _) = try await solve(
                api,
                [
                    "baseline": ["revenue": 1_000_000, "deals": 6, "qualified_leads": 70, "lead_cost": 333],
                    "target_revenue": 2_000_000,
                ])
            var json = try response.expect(.ok, as: API.FunnelSolution.self)
            #expect(json.avgDealSize == 166_667, "the baseline itself is rounded half up")
            #expect(json.winRateBps == 857)
            #expect(json.neededDeals == 12)
            #expect(json.levers.dealSize.needed == 333_334, "333,333.33 rounds up")
            #expect(json.levers.winRate.needed == 1_715, "1,714.29 bps rounds up")
            #expect(json.levers.leads.needed == 140)
            #expect(json.levers.leads.growthBps == 10_000)
            #expect(json.marketingBudget == Int64(140 * 333))
            let requiredDealSize = json.levers.dealSize.needed
            #expect(requiredDealSize * 6 >= 2_000_000, "the needed deal size reaches the target")

            // One unit above the baseline revenue already needs a 71st lead and a 7th deal.
            (response, _) = try await solve(
                api,
                ["baseline": ["revenue": 1_000_000, "deals": 6, "qualified_leads": 70], "target_revenue": 1_000_001])
            json = try response.expect(.ok, as: API.FunnelSolution.self)
            #expect(json.levers.leads.needed == 71)
            #expect(json.neededDeals == 7)
            #expect(json.levers.dealSize.needed == 166_667, "166,666.83 rounds up")
            #expect(json.marketingBudget == nil, "no lead cost, no budget: \(response.body)")
            #expect(json.levers.leads.marketingBudget == nil)
        }
    }

    /// A body the solver must refuse, and the field its error names.
    struct BadFunnel: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let field: String?
        var testDescription: String { name }
    }

    @Test(
        "a bad baseline or target is 422 validation_failed naming its field",
        arguments: [
            BadFunnel(
                name: "zero revenue",
                body: #"{"baseline": {"revenue": 0, "deals": 200, "qualified_leads": 2000}, "target_revenue": 1}"#,
                field: "baseline.revenue"),
            BadFunnel(
                name: "zero deals",
                body: #"{"baseline": {"revenue": 100, "deals": 0, "qualified_leads": 2000}, "target_revenue": 1}"#,
                field: "baseline.deals"),
            BadFunnel(
                name: "negative leads",
                body: #"{"baseline": {"revenue": 100, "deals": 2, "qualified_leads": -5}, "target_revenue": 1}"#,
                field: "baseline.qualified_leads"),
            BadFunnel(
                name: "negative lead cost",
                body:
                    #"{"baseline":{"revenue":100,"deals":2,"qualified_leads":5,"lead_cost":-1},"target_revenue":1}"#,
                field: "baseline.lead_cost"),
            BadFunnel(
                name: "zero target",
                body: #"{"baseline": {"revenue": 100, "deals": 2, "qualified_leads": 5}, "target_revenue": 0}"#,
                field: "target_revenue"),
            BadFunnel(
                name: "a float target",
                body: #"{"baseline": {"revenue": 100, "deals": 2, "qualified_leads": 5}, "target_revenue": 1000.5}"#,
                field: "target_revenue"),
            BadFunnel(
                name: "a float baseline",
                body: #"{"baseline": {"revenue": 100.25, "deals": 2, "qualified_leads": 5}, "target_revenue": 1000}"#,
                field: "baseline.revenue"),
            BadFunnel(
                name: "a string deals",
                body: #"{"baseline": {"revenue": 100, "deals": "2", "qualified_leads": 5}, "target_revenue": 1000}"#,
                field: "baseline.deals"),
            BadFunnel(
                name: "a target beyond 2^53 - 1",
                body:
                    #"{"baseline":{"revenue":100,"deals":2,"qualified_leads":5},"target_revenue":9007199254740992}"#,
                field: "target_revenue"),
            BadFunnel(
                name: "an unknown field",
                body:
                    #"{"baseline":{"revenue":100,"deals":2,"qualified_leads":5},"target_revenue":1000,"x":1}"#,
                field: "x"),
            BadFunnel(
                name: "an unknown baseline field",
                body:
                    #"{"baseline":{"revenue":100,"deals":2,"qualified_leads":5,"win_rate":1},"target_revenue":1000}"#,
                field: "baseline.win_rate"),
            BadFunnel(
                name: "no target",
                body: #"{"baseline": {"revenue": 100, "deals": 2, "qualified_leads": 5}}"#,
                field: "target_revenue"),
        ])
    func badInput(_ bad: BadFunnel) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let response = try await api.request(.post, "/v1/funnel/solve", token: org.adminToken, raw: bad.body)
            expectProblem(response, .unprocessableContent, "validation_failed", field: bad.field)
        }
    }

    @Test("the solver needs a token, answers any role, and refuses malformed JSON")
    func authentication() async throws {
        try await TestAPI.run { api in
            let body: [String: Any] = [
                "baseline": ["revenue": 10_000_000, "deals": 200, "qualified_leads": 2_000],
                "target_revenue": 20_000_000,
            ]
            var response = try await api.request(.post, "/v1/funnel/solve", json: body)
            expectProblem(response, .unauthorized, "unauthenticated")
            response = try await api.request(.post, "/v1/funnel/solve", token: "not-a-token", json: body)
            expectProblem(response, .unauthorized, "unauthenticated")

            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            response = try await api.request(.post, "/v1/funnel/solve", token: rep.token, json: body)
            #expect(response.status == .ok, "a rep derives targets too: \(response.body)")
            #expect(try response.decode(API.FunnelSolution.self).levers.leads.needed == 4_000)

            response = try await api.request(.post, "/v1/funnel/solve", token: rep.token, raw: #"{"baseline": "#)
            expectProblem(response, .badRequest, "malformed_json")
        }
    }
}
