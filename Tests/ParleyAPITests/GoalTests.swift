import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Postgres
import Testing

/// Top-down goals: their own versioned resource, who sets which, when, and how annual figures become months.
@Suite("top-down goals")
struct GoalTests {
    /// The plan's goals as the leader lists them.
    private func goals(_ fixture: PlanFixture) async throws -> [API.Goal] {
        try await fixture.api.request(.get, "\(fixture.path)/goals", token: fixture.leader.token)
            .expect(.ok, as: API.List<API.Goal>.self).items
    }

    @Test("creating a goal needs If-None-Match: *, replacing it If-Match of the goal's own version")
    func preconditions() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let url = "\(fixture.path)/goals/\(fixture.region)"
            let body: [String: Any] = ["values": ["revenue": ["annual": 1_200]]]

            var response = try await api.request(.put, url, token: fixture.leader.token, json: body)
            #expect(response.status == .preconditionRequired, "\(response.body)")
            #expect(response.code == "precondition_required")

            response = try await fixture.putGoal(fixture.region, values: ["revenue": ["annual": 1_200]])
            #expect(response.status == .created, "\(response.body)")
            #expect(response.version == 1)
            #expect(try response.decode(API.Goal.self).version == 1)
            #expect(try response.decode(API.Goal.self).unitID == fixture.region)

            response = try await fixture.putGoal(fixture.region, values: ["revenue": ["annual": 2_400]])
            #expect(response.status == .preconditionFailed, "a second create: \(response.body)")
            #expect(response.code == "version_conflict")
            #expect(response.problem?.currentVersion == 1)

            response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 2_400]], capacity: ["revenue": 3_000], version: 1)
            #expect(response.status == .ok, "\(response.body)")
            #expect(response.version == 2)
            #expect(try response.decode(API.Goal.self).values["revenue"]?.annual == 2_400)
            #expect(try response.decode(API.Goal.self).capacity["revenue"] == 3_000)

            response = try await fixture.putGoal(fixture.region, values: ["revenue": ["annual": 3_600]], version: 1)
            #expect(response.status == .preconditionFailed, "a stale replace: \(response.body)")
            #expect(response.code == "version_conflict")
            #expect(response.problem?.currentVersion == 2)

            response = try await api.request(
                .put, url, token: fixture.leader.token, json: ["values": ["revenue": ["annual": 3_600]]])
            #expect(response.status == .preconditionRequired, "\(response.body)")

            response = try await api.request(.get, "\(fixture.path)/goals", token: fixture.veteran.token)
            let goals = try response.expect(.ok, as: API.List<API.Goal>.self).items
            #expect(goals.count == 1)
            #expect(goals.first?.version == 2)
            #expect(goals.first?.values["revenue"]?.months == Array(repeating: 200, count: 12))
        }
    }

    @Test("a leader sets any goal in scope, a manager the scope's and its children's; others are refused")
    func whoSetsGoals() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let values: [String: Any] = ["visits": ["annual": 120]]
            for member in [fixture.veteran, fixture.viewer, fixture.admin, fixture.otherManager] {
                for unit in [fixture.region, fixture.team] {
                    let response = try await fixture.putGoal(unit, values: values, by: member)
                    #expect(response.status == .forbidden, "\(response.body)")
                }
            }
            #expect(try await fixture.putGoal(fixture.region, values: values, by: fixture.manager).status == .created)
            #expect(try await fixture.putGoal(fixture.team, values: values, by: fixture.manager).status == .created)

            // A unit outside the plan's scope, even for a leader.
            let outside = try await fixture.putGoal(fixture.otherRegion, values: values, by: fixture.leader)
            #expect(outside.status == .unprocessableContent, "\(outside.body)")
            #expect(outside.code == "validation_failed")
            #expect(try await fixture.putGoal(fixture.org.rootUnitID, values: values).status == .unprocessableContent)

            #expect(try await goals(fixture).count == 2)
        }
    }

    @Test("goals change while the plan is proposed or in discussion")
    func goalsWhileNegotiating() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 36_000_000]], version: 1)
            #expect(response.status == .ok, "\(response.body)")
            #expect(try await fixture.transition("open_discussion", by: fixture.manager).status == .ok)
            response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 30_000_000]], version: 2)
            #expect(response.status == .ok, "\(response.body)")
            response = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 30_000_000]], by: fixture.manager)
            #expect(response.status == .created, "\(response.body)")
        }
    }

    @Test(
        "goals are frozen once the plan is submitted: 409 invalid_state",
        arguments: [PlanStage.pendingApproval, .locked, .archived])
    func frozenGoals(_ stage: PlanStage) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: stage)
            var response = try await fixture.putGoal(fixture.region, values: ["revenue": ["annual": 1]], version: 1)
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            response = try await fixture.putGoal(fixture.team, values: ["revenue": ["annual": 1]])
            #expect(response.status == .conflict, "\(response.body)")
            #expect(response.code == "invalid_state")
            let stored = try await goals(fixture)
            #expect(stored.count == 1)
            #expect(stored.first?.values["revenue"]?.annual == PlanFixture.goalRevenue)
        }
    }

    /// An annual figure, weights, and the months the largest remainder method gives.
    struct Spread: Sendable, CustomTestStringConvertible {
        let annual: Int64
        let distribution: String
        let weights: [Int]?
        let months: [Int64]
        var testDescription: String { "\(annual) \(distribution) \(weights.map { "\($0)" } ?? "")" }
    }

    @Test(
        "annual figures spread by the largest remainder method, leftover units to the earlier months on ties",
        arguments: [
            Spread(
                annual: 10, distribution: "weights", weights: Array(repeating: 1, count: 12),
                months: Array(repeating: 1, count: 10) + [0, 0]),
            Spread(
                annual: 100, distribution: "weights", weights: [1, 2, 3] + Array(repeating: 0, count: 9),
                months: [17, 33, 50] + Array(repeating: 0, count: 9)),
            Spread(
                annual: 5, distribution: "weights", weights: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
                months: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0]),
            Spread(
                annual: 1_000, distribution: "weights", weights: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                months: [214] + Array(repeating: 72, count: 5) + Array(repeating: 71, count: 6)),
            Spread(
                annual: 24_000_005, distribution: "even", weights: nil,
                months: Array(repeating: 2_000_001, count: 5) + Array(repeating: 2_000_000, count: 7)),
            Spread(annual: 11, distribution: "even", weights: nil, months: Array(repeating: 1, count: 11) + [0]),
            Spread(annual: 0, distribution: "even", weights: nil, months: Array(repeating: 0, count: 12)),
        ])
    func largestRemainder(_ spread: Spread) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            var distribution: Any = spread.distribution
            if let weights = spread.weights { distribution = ["weights": weights] }
            let response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": spread.annual, "distribution": distribution]])
            #expect(response.status == .created, "\(response.body)")
            let revenue = try #require(try response.decode(API.Goal.self).values["revenue"])
            let months = revenue.months
            #expect(months == spread.months)
            #expect(months.reduce(0, +) == spread.annual)
            #expect(revenue.annual == spread.annual)
            if spread.weights?.allSatisfy({ $0 == 1 }) ?? true {
                #expect((months.max() ?? 0) - (months.min() ?? 0) <= 1, "equal weights differ by at most 1")
            }
        }
    }

    @Test("last_year follows the seasonality of the unit's whole subtree, and is even where there are no actuals")
    func lastYear() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            // No actuals at all: even, leftover units to the earlier months.
            var response = try await fixture.putGoal(
                fixture.team, values: ["revenue": ["annual": 14, "distribution": "last_year"]])
            #expect(response.status == .created, "\(response.body)")
            #expect(
                try response.decode(API.Goal.self).values["revenue"]?.months == [2, 2] + Array(repeating: 1, count: 10))

            // 2026: the veteran sells m × 100 in month m, the newcomer 2,200 in December; the outsider (another
            // region) and the months outside the 12 before the plan do not count.
            var rows: [Actual] = (1...12).map {
                Actual(fixture.veteran, "revenue", String(format: "2026-%02d-15", $0), $0 * 100)
            }
            rows.append(Actual(fixture.newcomer, "revenue", "2026-12-03", 2_200))
            rows.append(Actual(fixture.outsider, "revenue", "2026-01-15", 1_000_000))
            rows.append(Actual(fixture.veteran, "revenue", "2025-12-31", 1_000_000))
            rows.append(Actual(fixture.veteran, "revenue", "2027-01-01", 1_000_000))
            try await fixture.recordActuals(rows)
            // Weights 100, 200, ..., 1100, 1200 + 2200: they sum to 10,000.
            response = try await fixture.putGoal(
                fixture.region,
                values: [
                    "revenue": ["annual": 1_000_000, "distribution": "last_year"],
                    "visits": ["annual": 24, "distribution": "last_year"],
                ])
            #expect(response.status == .created, "\(response.body)")
            let spread = try response.decode(API.Goal.self).values
            #expect(spread["revenue"]?.months == (1...11).map { Int64($0) * 10_000 } + [340_000])
            // Visits have no actuals: even.
            #expect(spread["visits"]?.months == Array(repeating: 2, count: 12))
        }
    }

    /// A body that must be refused, and the field its error names.
    struct BadGoal: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let field: String
        var testDescription: String { name }
    }

    @Test(
        "a bad value is 422 validation_failed naming its field, and nothing is stored",
        arguments: [
            BadGoal(
                name: "a float month", body: #"{"values": {"revenue": {"months": [0,0,0,1.5,0,0,0,0,0,0,0,0]}}}"#,
                field: "values.revenue.months[3]"),
            BadGoal(
                name: "a float annual", body: #"{"values": {"revenue": {"annual": 1.5}}}"#,
                field: "values.revenue.annual"),
            BadGoal(
                name: "a whole float", body: #"{"values": {"revenue": {"annual": 100.0}}}"#,
                field: "values.revenue.annual"),
            BadGoal(
                name: "an exponent", body: #"{"values": {"revenue": {"annual": 1e6}}}"#, field: "values.revenue.annual"),
            BadGoal(
                name: "a string", body: #"{"values": {"revenue": {"annual": "100"}}}"#, field: "values.revenue.annual"),
            BadGoal(
                name: "above 2^53 - 1 in a month",
                body: #"{"values": {"revenue": {"months": [0,0,9007199254740992,0,0,0,0,0,0,0,0,0]}}}"#,
                field: "values.revenue.months[2]"),
            BadGoal(
                name: "above 2^53 - 1 annual", body: #"{"values": {"revenue": {"annual": 9007199254740992}}}"#,
                field: "values.revenue.annual"),
            BadGoal(
                name: "beyond Int64", body: #"{"values": {"revenue": {"annual": 99999999999999999999999}}}"#,
                field: "values.revenue.annual"),
            BadGoal(
                name: "months summing above 2^53 - 1",
                body: #"{"values": {"revenue": {"months": [9007199254740991,1,0,0,0,0,0,0,0,0,0,0]}}}"#,
                field: "values.revenue.months"),
            BadGoal(
                name: "a negative month", body: #"{"values": {"visits": {"months": [-1,0,0,0,0,0,0,0,0,0,0,0]}}}"#,
                field: "values.visits.months[0]"),
            BadGoal(
                name: "a negative annual", body: #"{"values": {"visits": {"annual": -12}}}"#,
                field: "values.visits.annual"),
            BadGoal(
                name: "a negative weight",
                body:
                    #"{"values": {"visits": {"annual": 12, "distribution": {"weights": [1,1,1,-1,1,1,1,1,1,1,1,1]}}}}"#,
                field: "values.visits.distribution.weights[3]"),
            BadGoal(
                name: "too few weights",
                body: #"{"values": {"visits": {"annual": 12, "distribution": {"weights": [1,1]}}}}"#,
                field: "values.visits.distribution.weights"),
            BadGoal(
                name: "an unknown distribution",
                body: #"{"values": {"visits": {"annual": 12, "distribution": "lumpy"}}}"#,
                field: "values.visits.distribution"),
            BadGoal(
                name: "eleven months", body: #"{"values": {"visits": {"months": [1,1,1,1,1,1,1,1,1,1,1]}}}"#,
                field: "values.visits.months"),
            BadGoal(name: "an unknown metric", body: #"{"values": {"bogus": {"annual": 12}}}"#, field: "values.bogus"),
            BadGoal(
                name: "a negative capacity",
                body: #"{"values": {"visits": {"annual": 12}}, "capacity": {"visits": -1}}"#, field: "capacity.visits"),
            BadGoal(
                name: "capacity of an unknown metric",
                body: #"{"values": {"visits": {"annual": 12}}, "capacity": {"bogus": 1}}"#, field: "capacity.bogus"),
            BadGoal(
                name: "a version in the body", body: #"{"values": {"visits": {"annual": 12}}, "version": 7}"#,
                field: "version"),
            BadGoal(
                name: "a unit_id in the body",
                body: #"{"values": {"visits": {"annual": 12}}, "unit_id": "00000000-0000-0000-0000-000000000000"}"#,
                field: "unit_id"),
            BadGoal(
                name: "an unknown member of a value",
                body: #"{"values": {"visits": {"annual": 12, "months_hint": 3}}}"#, field: "values.visits.months_hint"),
        ])
    func badValues(_ bad: BadGoal) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let response = try await api.request(
                .put, "\(fixture.path)/goals/\(fixture.region)", token: fixture.leader.token, raw: bad.body,
                headers: [.ifNoneMatch: "*"])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.code == "validation_failed")
            #expect(response.errorFields.contains(bad.field), "\(response.body)")
            #expect(try await goals(fixture).isEmpty)
        }
    }

    @Test("the largest allowed value is accepted")
    func largestValue() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let response = try await fixture.putGoal(
                fixture.region, values: ["revenue": ["annual": 9_007_199_254_740_991]])
            #expect(response.status == .created, "\(response.body)")
            let revenue = try #require(try response.decode(API.Goal.self).values["revenue"])
            #expect(revenue.annual == 9_007_199_254_740_991)
            let months = revenue.months
            #expect(months.reduce(0, +) == 9_007_199_254_740_991)
            #expect(months.first == 750_599_937_895_083)
            #expect(months.last == 750_599_937_895_082)
        }
    }
}
