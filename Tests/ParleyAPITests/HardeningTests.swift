import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import ParleyAPI
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

/// Regression tests for the hardening issue's items that live in the HTTP layer and the store's edges:
/// an unreachable database, canonical UUIDs, 405 for every method, list cursors, lengths as PostgreSQL
/// counts them, the audit's chain head, and idempotent retries that race.
@Suite("hardening")
struct HardeningTests {
    @Test("while the database is unreachable, requests get 503 with Retry-After, never 500, and /readyz is 503")
    func databaseDown() async throws {
        let conninfo = "host=127.0.0.1 port=1 dbname=parley user=parley"
        let store = Store(pool: PostgresPool(conninfo: conninfo, size: 2))
        let router = buildRouter(
            store: store, migrations: try Migrations(folder: Migrations.defaultFolder()), bcryptCost: 4,
            events: EventStreams(conninfo: conninfo, logger: Logger(label: "test")), openAPI: try .bundled())
        try await Application(router: router).test(.router) { client in
            for (method, path, body) in [
                (HTTPRequest.Method.get, "/v1/me", nil as String?), (.get, "/v1/plans", nil),
                (.post, "/v1/sessions", #"{"email": "a@example.com", "password": "whatever-it-is"}"#),
            ] {
                let response = try await client.execute(
                    uri: path, method: method, headers: [.authorization: "Bearer not-checked-yet", .contentType: "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .serviceUnavailable, "\(method) \(path)")
                #expect(response.headers[.retryAfter] == "2")
                #expect(String(buffer: response.body).contains("database_unavailable"))
            }
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
        }
    }

    @Test("every UUID in a JSON body is in canonical lower case, event data included")
    func lowerCaseUUIDs() async throws {
        try await TestAPI.run { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let pattern = try Regex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
            for path in ["/v1/me", "/v1/units", "/v1/users", fixture.path, "\(fixture.path)/events", "\(fixture.path)/assignments"] {
                let response = try await api.request(.get, path, token: fixture.leader.token)
                #expect(response.status == .ok, "\(path)")
                let ids = response.body.matches(of: pattern).map { String(response.body[$0.range]) }
                #expect(!ids.isEmpty, "\(path) shows no ids")
                for id in ids { #expect(id == id.lowercased(), "\(path): \(id)") }
            }
            // Either case is accepted on input.
            let upper = try await api.request(.get, "/v1/plans/\(fixture.planID.uuidString.uppercased())", token: fixture.leader.token)
            #expect(upper.status == .ok)
        }
    }

    @Test("any unsupported method on a known path is 405 with Allow; on an unknown path 404")
    func methodNotAllowed() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for name in ["TRACE", "OPTIONS", "PUT", "FROBNICATE"] {
                let method = try #require(HTTPRequest.Method(name))
                let response = try await api.request(method, "/v1/units", token: org.adminToken)
                expectProblem(response, .methodNotAllowed, "method_not_allowed")
                #expect(response.headers[.allow] == "GET, POST", "\(name)")
                let withParameter = try await api.request(method, "/v1/units/\(org.rootUnitID)", token: org.adminToken)
                #expect(withParameter.status == .methodNotAllowed, "\(name) on a path with a parameter")
                #expect(withParameter.headers[.allow] == "GET, PATCH")
            }
            let unknown = try await api.request(HTTPRequest.Method("TRACE")!, "/v1/nothing-here", token: org.adminToken)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("an empty cursor means the first page; the event list follows its own cursor")
    func cursors() async throws {
        try await TestAPI.run { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let empty = try await api.request(.get, "/v1/units?cursor=", token: fixture.admin.token)
            #expect(empty.status == .ok)
            let all = try await api.request(.get, "\(fixture.path)/events?limit=500", token: fixture.leader.token)
            let seqs = try all.expect(.ok, as: API.List<API.Event>.self).items.map(\.seq)
            #expect(seqs.count >= 3)
            var walked: [Int64] = []
            var cursor: String?
            repeat {
                let page = try await api.request(
                    .get, "\(fixture.path)/events?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: fixture.leader.token)
                let list = try page.expect(.ok, as: API.List<API.Event>.self)
                walked += list.items.map(\.seq)
                cursor = list.nextCursor
            } while cursor != nil && walked.count <= seqs.count
            #expect(walked == seqs)
            let bad = try await api.request(.get, "\(fixture.path)/events?cursor=minus-one", token: fixture.leader.token)
            expectProblem(bad, .unprocessableContent, "validation_failed", field: "cursor")
        }
    }

    @Test("lengths are counted in code points, as PostgreSQL counts them: no 500 for combining characters")
    func lengthsAsTheDatabaseCounts() async throws {
        try await TestAPI.run { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let combining = "e\u{301}"  // one grapheme, two code points
            let fits = String(repeating: combining, count: 5_000)
            let ok = try await api.request(.post, "\(fixture.path)/comments", token: fixture.leader.token, json: ["body": fits])
            #expect(ok.status == .created)
            let tooLong = String(repeating: combining, count: 6_000)
            let refused = try await api.request(.post, "\(fixture.path)/comments", token: fixture.leader.token, json: ["body": tooLong])
            expectProblem(refused, .unprocessableContent, "validation_failed", field: "body")
            let name = String(repeating: combining, count: 150)
            let plan = try await api.request(
                .post, "/v1/plans", token: fixture.leader.token,
                json: ["name": name, "unit_id": fixture.region.uuidString, "start_month": "2027-01"])
            expectProblem(plan, .unprocessableContent, "validation_failed", field: "name")
        }
    }

    @Test("a check constraint the validation missed is a 422 naming the field, never a 500")
    func checkConstraintIs422() {
        #expect(Problem.field(violating: "comments_body_check") == "body")
        #expect(Problem.field(violating: "adjustments_reason_check") == "reason")
        #expect(Problem.field(violating: nil) == "body")
    }

    @Test("audit/verify compares the chain with the plan's stored head: dropping the newest events is detected")
    func auditChecksHead() async throws {
        try await TestAPI.run { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let verify = "\(fixture.path)/audit/verify"
            let intact = try await api.request(.get, verify, token: fixture.leader.token)
            let audit = try intact.expect(.ok, as: API.AuditResult.self)
            let count = try #require(audit.events)
            #expect(audit.ok)
            let (org, plan) = (fixture.org.orgID, fixture.planID)
            // What deleting the newest event leaves: a head that points past the last stored event.
            try await api.store.pool.transaction(org: org) { tx in
                try tx.query("UPDATE plan_chain_heads SET event_seq = event_seq + 1 WHERE org_id = \(org) AND plan_id = \(plan)")
            }
            let truncated = try await api.request(.get, verify, token: fixture.leader.token)
            #expect(try truncated.decode(API.AuditResult.self).ok == false)
            #expect(try truncated.decode(API.AuditResult.self).brokenAt == Int64(count + 1))
            try await api.store.pool.transaction(org: org) { tx in
                try tx.query(
                    "UPDATE plan_chain_heads SET event_seq = event_seq - 1, event_hash = repeat('a', 64) WHERE org_id = \(org) AND plan_id = \(plan)")
            }
            let forged = try await api.request(.get, verify, token: fixture.leader.token)
            #expect(try forged.decode(API.AuditResult.self).ok == false)
            #expect(try forged.decode(API.AuditResult.self).brokenAt == Int64(count))
        }
    }
}

@Suite("request errors")
struct RequestErrorTests {
    @Test("an unknown enum value is a 422 naming the field, in words that name no Swift type")
    func unknownEnumValue() async throws {
        try await TestAPI.run { api in
            let fixture = try await PlanFixture.make(api, stage: .draftWithGoal)
            let response = try await api.request(
                .post, "\(fixture.path)/transitions", token: fixture.leader.token, json: ["action": "AAA"],
                headers: [.ifMatch: "\"\(try await fixture.planVersion())\""])
            expectProblem(response, .unprocessableContent, "validation_failed", field: "action")
            #expect(!response.body.contains("PlanAction"))
            #expect(response.body.contains("is not one of the allowed values"))
        }
    }
}
