import Foundation
import HTTPTypes
import ParleyTestSupport
import Postgres
import Testing

/// One row of `POST /v1/actuals`.
struct Actual: Sendable {
    let user: UUID
    let metric: String
    let date: String
    let value: Int

    init(_ user: Member, _ metric: String, _ date: String, _ value: Int) {
        self.user = user.id
        self.metric = metric
        self.date = date
        self.value = value
    }

    var json: [String: Any] { ["user_id": user.uuidString, "metric": metric, "date": date, "value": value] }
}

// Requests of the planning-math and tracking endpoints, on a fixture's organization and plan.
extension PlanFixture {
    /// Posts actuals as JSON rows (as the admin unless `member` is given).
    func postActuals(_ rows: [Actual], by member: Member? = nil) async throws -> APIResponse {
        try await api.request(
            .post, "/v1/actuals", token: (member ?? admin).token, json: ["rows": rows.map(\.json)])
    }

    /// Posts actuals as JSON rows and fails set-up unless all of them are stored.
    func recordActuals(_ rows: [Actual]) async throws {
        let response = try await postActuals(rows)
        let stored = try response.expect(.created, as: API.ActualsResult.self).stored
        guard stored == rows.count else {
            throw TestFailure("posting actuals stored \(stored) of \(rows.count) rows: \(response.body)")
        }
    }

    /// Posts actuals as CSV text (as the admin unless `member` is given).
    func postActualsCSV(_ text: String, by member: Member? = nil) async throws -> APIResponse {
        try await api.request(
            .post, "/v1/actuals", token: (member ?? admin).token, raw: text, headers: [.contentType: "text/csv"])
    }

    /// Every stored actual of the organization, keyed `"<user>|<metric>|<date>"`, read from the database itself.
    func storedActuals() async throws -> [String: Int64] {
        let org = org.orgID
        return try await api.store.pool.transaction(org: org) { tx in
            var result: [String: Int64] = [:]
            for row in try tx.query(
                "SELECT user_id::text, metric, day::text, value FROM actuals WHERE org_id = \(org)")
            {
                let parts = try (0..<3).map { try row.decode($0, as: String.self) }
                result[parts.joined(separator: "|").lowercased()] = try row.decode(3, as: Int64.self)
            }
            return result
        }
    }

    /// `GET .../reconciliation` as `member` (the leader by default); the plan's scope when `unit` is nil.
    func reconciliation(unit: UUID? = nil, metric: String? = nil, as member: Member? = nil) async throws
        -> APIResponse
    {
        var query: [String] = []
        if let unit { query.append("unit_id=\(unit)") }
        if let metric { query.append("metric=\(metric)") }
        let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
        return try await api.request(.get, "\(path)/reconciliation\(suffix)", token: (member ?? leader).token)
    }

    /// `GET .../progress?as_of=` as `member` (the leader by default).
    func progress(asOf: String, unit: UUID? = nil, as member: Member? = nil) async throws -> APIResponse {
        let suffix = unit.map { "&unit_id=\($0)" } ?? ""
        return try await api.request(
            .get, "\(path)/progress?as_of=\(asOf)\(suffix)", token: (member ?? leader).token)
    }

    /// `GET .../breakdown?rep_id=&grain=` as `member` (the leader by default).
    func breakdown(_ rep: Member, grain: String, as member: Member? = nil) async throws -> APIResponse {
        try await api.request(
            .get, "\(path)/breakdown?rep_id=\(rep.id)&grain=\(grain)", token: (member ?? leader).token)
    }

    /// Creates another draft plan scoped at North, starting at `startMonth`; returns its path `/v1/plans/{id}`.
    func draftPlan(startMonth: String) async throws -> String {
        let created = try await api.request(
            .post, "/v1/plans", token: leader.token,
            json: ["name": "Plan from \(startMonth)", "unit_id": region.uuidString, "start_month": startMonth])
        return "/v1/plans/\(try created.expect(.created, as: API.Plan.self).id)"
    }

    /// Creates another plan scoped at North, starting at `startMonth`, with an even goal of `goalRevenue`, and
    /// publishes it; returns its path `/v1/plans/{id}`.
    func publishedPlan(startMonth: String, goalRevenue: Int = 12_000_000) async throws -> String {
        let path = try await draftPlan(startMonth: startMonth)
        let goal = try await api.request(
            .put, "\(path)/goals/\(region)", token: leader.token,
            json: ["values": ["revenue": ["annual": goalRevenue, "distribution": "even"]]],
            headers: [.ifNoneMatch: "*"])
        guard goal.status == .created else { throw TestFailure("goal failed: \(goal.status) \(goal.body)") }
        let version = try await api.request(.get, path, token: leader.token).version ?? 0
        let published = try await api.request(
            .post, "\(path)/transitions", token: leader.token, json: ["action": "publish"], headers: ifMatch(version))
        guard published.status == .ok else {
            throw TestFailure("publish failed: \(published.status) \(published.body)")
        }
        return path
    }
}
