import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// `POST .../goals/{unit_id}/preview` (the split a PUT would store, saved nowhere) and `GET .../last-year` (the
/// unit subtree's actuals of the 12 months before the plan).
@Suite("goal preview and last year's actuals")
struct GoalPreviewTests {
    /// 2026 (the year before the fixture's plan): the veteran's and the newcomer's revenue, leads and visits, plus
    /// rows that must not count (another region, days outside the 12 months).
    static func seed(_ fixture: PlanFixture) async throws {
        var rows: [Actual] = []
        for month in 1...12 {
            let day = String(format: "2026-%02d-15", month)
            rows.append(Actual(fixture.veteran, "revenue", day, month * 100))
            rows.append(Actual(fixture.veteran, "qualified_leads", day, month))
        }
        rows += [
            Actual(fixture.newcomer, "revenue", "2026-12-01", 5_000),
            Actual(fixture.newcomer, "revenue", "2026-12-31", 1),
            Actual(fixture.outsider, "revenue", "2026-03-10", 70_000),
            Actual(fixture.veteran, "revenue", "2025-12-31", 90_000),
            Actual(fixture.veteran, "revenue", "2027-01-01", 90_000),
        ]
        try await fixture.recordActuals(rows)
    }

    /// North's (and its team's) revenue per 2026 month, as seeded.
    static let northRevenue: [Int64] = (1...11).map { Int64($0) * 100 } + [1_200 + 5_001]
    static let northLeads: [Int64] = Array(1...12)

    private func preview(
        _ fixture: PlanFixture, _ unit: UUID, body: [String: Any], by member: Member? = nil, path: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        try await fixture.api.request(
            .post, "\(path ?? fixture.path)/goals/\(unit)/preview", token: (member ?? fixture.leader).token, json: body,
            headers: headers)
    }

    private func goalCount(_ fixture: PlanFixture) async throws -> Int {
        try await fixture.api.request(.get, "\(fixture.path)/goals", token: fixture.leader.token)
            .expect(.ok, as: API.List<API.Goal>.self).items.count
    }

    @Test("the preview is exactly what the following PUT stores, for every distribution, and stores nothing")
    func previewIsWhatPutStores() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            try await Self.seed(fixture)
            let bodies: [(String, [String: Any])] = [
                ("even", ["values": ["revenue": ["annual": 1_003, "distribution": "even"]]]),
                (
                    "last_year",
                    [
                        "values": [
                            "revenue": ["annual": 1_000_003, "distribution": "last_year"],
                            "qualified_leads": ["annual": 157, "distribution": "last_year"],
                        ],
                        "capacity": ["revenue": 2_000_000],
                    ]
                ),
                (
                    "weights",
                    [
                        "values": [
                            "revenue": [
                                "annual": 100_000_001,
                                "distribution": ["weights": [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3]],
                            ]
                        ]
                    ]
                ),
                ("months", ["values": ["visits": ["months": [5, 0, 7, 1, 1, 1, 1, 1, 1, 1, 1, 40]]]]),
            ]
            var version: Int?
            for (name, body) in bodies {
                let eventsBefore = try await fixture.events().count
                let goalsBefore = try await goalCount(fixture)
                let previewed = try await preview(fixture, fixture.region, body: body)
                let preview = try previewed.expect(.ok, as: API.GoalPreview.self)
                #expect(preview.unitID == fixture.region)
                #expect(previewed.headers[.eTag] == nil, "a preview is no version of anything")
                // Last year's months of North's subtree, for every metric of the plan.
                let lastYear = preview.lastYear
                #expect(lastYear.keys.sorted() == ["qualified_leads", "revenue", "visits"])
                #expect(lastYear["revenue"]?.months == Self.northRevenue, "\(name)")
                #expect(lastYear["revenue"]?.annual == Self.northRevenue.reduce(0, +))
                #expect(lastYear["qualified_leads"]?.months == Self.northLeads)
                #expect(lastYear["visits"]?.months == Array(repeating: 0, count: 12))
                #expect(lastYear["visits"]?.annual == 0)

                // Nothing was stored and nothing recorded.
                #expect(try await fixture.events().count == eventsBefore, "\(name)")
                #expect(try await goalCount(fixture) == goalsBefore, "\(name)")

                let stored = try await fixture.putGoal(
                    fixture.region, values: try #require(body["values"] as? [String: Any]),
                    capacity: body["capacity"] as? [String: Any], version: version)
                #expect([.ok, .created].contains(stored.status), "\(name): \(stored.body)")
                version = stored.version
                let storedGoal = try stored.decode(API.Goal.self)
                #expect(preview.values == storedGoal.values, "\(name): \(previewed.body) vs \(stored.body)")
                #expect(preview.capacity == storedGoal.capacity, "\(name)")
                #expect(try await fixture.events().count == eventsBefore + 1, "the PUT records one event")
            }

            // The last_year split really follows the seasonality (and the independent rule of LastYearGoalTests).
            let seasonal = try await preview(
                fixture, fixture.team, body: ["values": ["revenue": ["annual": 12_801, "distribution": "last_year"]]])
            #expect(try seasonal.decode(API.GoalPreview.self).values["revenue"]?.months == Self.northRevenue)
        }
    }

    @Test("a preview takes Idempotency-Key like every POST and needs no precondition header")
    func previewIdempotency() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let body: [String: Any] = ["values": ["revenue": ["annual": 12, "distribution": "even"]]]
            let first = try await preview(fixture, fixture.region, body: body, headers: idempotencyKey("p-1"))
            #expect(first.status == .ok, "\(first.body)")
            #expect(try first.decode(API.GoalPreview.self).values["revenue"]?.months == Array(repeating: 1, count: 12))
            let again = try await preview(fixture, fixture.region, body: body, headers: idempotencyKey("p-1"))
            #expect(again.status == .ok)
            #expect(again.body == first.body)
            let reused = try await preview(
                fixture, fixture.region, body: ["values": ["revenue": ["annual": 24]]], headers: idempotencyKey("p-1"))
            expectProblem(reused, .unprocessableContent, "idempotency_key_reused")
            // The existing goal is untouched.
            let goals = try await api.request(.get, "\(fixture.path)/goals", token: fixture.leader.token)
            let goal = try #require(try goals.expect(.ok, as: API.List<API.Goal>.self).items.first)
            #expect(goal.version == 1)
            #expect(goal.values["revenue"]?.annual == PlanFixture.goalRevenue)
        }
    }

    @Test("a preview is refused exactly as the PUT of the same body is: role, unit, scope, state, body")
    func previewRefusalsMatchPut() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let good: [String: Any] = ["values": ["revenue": ["annual": 1_200]]]
            let cases: [(String, Member, UUID, [String: Any])] = [
                ("a rep", fixture.veteran, fixture.region, good),
                ("a viewer", fixture.viewer, fixture.region, good),
                ("an admin", fixture.admin, fixture.region, good),
                ("a rep, with a bad body", fixture.veteran, fixture.region, ["values": [:]]),
                ("a rep, on an unknown unit", fixture.veteran, UUID(), good),
                ("another region's manager", fixture.otherManager, fixture.region, good),
                ("an unknown unit", fixture.leader, UUID(), good),
                ("a unit outside the scope", fixture.leader, fixture.otherRegion, good),
                ("no metric", fixture.leader, fixture.region, ["values": [:]]),
                ("an unknown metric", fixture.leader, fixture.region, ["values": ["deals": ["annual": 1]]]),
                (
                    "a bad capacity", fixture.leader, fixture.region,
                    ["values": ["revenue": ["annual": 1]], "capacity": ["revenue": -1, "deals": 5]]
                ),
                (
                    "weights of the wrong length", fixture.leader, fixture.region,
                    ["values": ["revenue": ["annual": 1, "distribution": ["weights": [1, 2]]]]]
                ),
                ("a float", fixture.leader, fixture.region, ["values": ["revenue": ["annual": 1.5]]]),
                (
                    "an unknown field", fixture.leader, fixture.region,
                    ["values": ["revenue": ["annual": 1]], "version": 1]
                ),
            ]
            for (name, member, unit, body) in cases {
                let previewed = try await preview(fixture, unit, body: body, by: member)
                let put = try await api.request(
                    .put, "\(fixture.path)/goals/\(unit)", token: member.token, json: body,
                    headers: [.ifNoneMatch: "*"])
                #expect(previewed.status.code >= 400, "\(name): \(previewed.body)")
                #expect(previewed.status == put.status, "\(name): \(previewed.body) vs \(put.body)")
                #expect(previewed.code == put.code, "\(name)")
                #expect(previewed.errorFields == put.errorFields, "\(name)")
            }
            #expect(try await goalCount(fixture) == 0)

            // A plan past negotiation: the same 409 as the PUT.
            let locked = try await PlanFixture.make(api, stage: .locked)
            let previewed = try await preview(locked, locked.region, body: good)
            expectProblem(previewed, .conflict, "invalid_state")
            let put = try await locked.putGoal(locked.region, values: ["revenue": ["annual": 1_200]], version: 1)
            #expect(put.status == previewed.status && put.code == previewed.code, "\(put.body)")

            // Another organization's plan is not found, as for the PUT.
            let foreign = try await preview(fixture, locked.region, body: good, path: locked.path)
            expectProblem(foreign, .notFound, "not_found")
        }
    }

    // MARK: - GET .../last-year

    private func lastYear(_ fixture: PlanFixture, unit: UUID? = nil, query: String? = nil, as member: Member? = nil)
        async throws -> APIResponse
    {
        let suffix = query.map { "?unit_id=\($0)" } ?? unit.map { "?unit_id=\($0)" } ?? ""
        return try await fixture.api.request(
            .get, "\(fixture.path)/last-year\(suffix)", token: (member ?? fixture.leader).token)
    }

    @Test("last year's months of a unit's subtree, per metric of the plan, in a draft; the scope by default")
    func lastYearValues() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            try await Self.seed(fixture)
            let scope = try await lastYear(fixture)
            let scopeYear = try scope.expect(.ok, as: API.LastYear.self)
            #expect(scopeYear.unitID == fixture.region)
            #expect(scopeYear.startMonth == "2026-01")
            let values = scopeYear.values
            #expect(values.keys.sorted() == ["qualified_leads", "revenue", "visits"])
            #expect(values["revenue"]?.months == Self.northRevenue)
            #expect(values["revenue"]?.annual == 12_801)
            #expect(values["qualified_leads"]?.months == Self.northLeads)
            #expect(values["qualified_leads"]?.annual == 78)
            #expect(values["visits"]?.months == Array(repeating: 0, count: 12))

            // The team holds the same reps; South only the outsider; the root sums both regions.
            let team = try await lastYear(fixture, unit: fixture.team)
            #expect(try team.decode(API.LastYear.self).unitID == fixture.team)
            #expect(try team.decode(API.LastYear.self).values["revenue"]?.months == Self.northRevenue)
            let south = try await lastYear(fixture, unit: fixture.otherRegion)
            #expect(
                try south.decode(API.LastYear.self).values["revenue"]?.months
                    == [0, 0, 70_000] + Array(repeating: 0, count: 9))
            let root = try await lastYear(fixture, unit: fixture.org.rootUnitID)
            var both = Self.northRevenue
            both[2] += 70_000
            #expect(try root.decode(API.LastYear.self).values["revenue"]?.months == both)
            #expect(try root.decode(API.LastYear.self).values["revenue"]?.annual == 82_801)

            // A plan starting in July looks at July to June.
            let midYear = try await api.request(
                .get, "\(try await fixture.draftPlan(startMonth: "2026-07"))/last-year", token: fixture.leader.token)
            #expect(try midYear.decode(API.LastYear.self).startMonth == "2025-07")
            #expect(
                try midYear.decode(API.LastYear.self).values["revenue"]?.months
                    == [0, 0, 0, 0, 0, 90_000] + (1...6).map { Int64($0) * 100 })
        }
    }

    @Test("last year is read by whoever reads the unit's reconciliation; others 403, unknown unit 422, foreign 404")
    func lastYearAccess() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            try await Self.seed(fixture)
            for member in [fixture.leader, fixture.viewer, fixture.admin, fixture.manager] {
                for unit in [fixture.region, fixture.team] {
                    let response = try await lastYear(fixture, unit: unit, as: member)
                    #expect(response.status == .ok, "\(response.body)")
                    #expect(try response.decode(API.LastYear.self).values["revenue"]?.months == Self.northRevenue)
                }
            }
            // Another region's manager reads South but not North; a rep reads none, not even their own unit.
            #expect(try await lastYear(fixture, unit: fixture.otherRegion, as: fixture.otherManager).status == .ok)
            expectProblem(try await lastYear(fixture, as: fixture.otherManager), .forbidden, "forbidden")
            expectProblem(try await lastYear(fixture, unit: fixture.team, as: fixture.veteran), .forbidden, "forbidden")
            expectProblem(try await lastYear(fixture, as: fixture.veteran), .forbidden, "forbidden")
            // The rep learns nothing from the parameters: 403 before the unit is looked at.
            expectProblem(try await lastYear(fixture, unit: UUID(), as: fixture.veteran), .forbidden, "forbidden")

            expectProblem(
                try await lastYear(fixture, unit: UUID()), .unprocessableContent, "validation_failed", field: "unit_id")
            expectProblem(
                try await lastYear(fixture, query: "north"), .unprocessableContent, "validation_failed",
                field: "unit_id")

            let other = try await PlanFixture.make(api, stage: .draft)
            let foreign = try await api.request(.get, "\(fixture.path)/last-year", token: other.leader.token)
            expectProblem(foreign, .notFound, "not_found")
            let unknown = try await api.request(.get, "/v1/plans/\(UUID())/last-year", token: other.leader.token)
            #expect(unknown.status == foreign.status && unknown.body == foreign.body)
        }
    }

    @Test("a month or a year of actuals beyond the exact range is a 422 naming it, never a wrong figure")
    func lastYearOverflow() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            let top = 9_007_199_254_740_991
            // One rep's two months of the maximum: each month is exact, the year is not.
            try await fixture.recordActuals([
                Actual(fixture.veteran, "visits", "2026-01-10", top),
                Actual(fixture.veteran, "visits", "2026-02-10", top),
            ])
            var response = try await lastYear(fixture)
            expectProblem(response, .unprocessableContent, "validation_failed", field: "values.visits")
            // Two reps in one month: the month itself is beyond it.
            try await fixture.recordActuals([
                Actual(fixture.veteran, "revenue", "2026-05-10", top),
                Actual(fixture.newcomer, "revenue", "2026-05-11", 1),
            ])
            response = try await lastYear(fixture, unit: fixture.team)
            expectProblem(response, .unprocessableContent, "validation_failed")
            #expect(Set(response.errorFields).isSubset(of: ["values.visits", "values.revenue"]))
            let preview = try await preview(fixture, fixture.region, body: ["values": ["revenue": ["annual": 12]]])
            expectProblem(preview, .unprocessableContent, "validation_failed")
            #expect(preview.errorFields.allSatisfy { $0.hasPrefix("last_year.") }, "\(preview.body)")
            #expect(try await goalCount(fixture) == 0)
        }
    }
}
