import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

@Suite("units: /v1/units, the org tree")
struct UnitsTests {
    static let unitKeys = ["id", "manager_id", "name", "parent_id", "version"]

    /// `PATCH /v1/units/{id}` with `If-Match`.
    static func patch(_ api: TestAPI, _ org: TestOrg, _ unit: UUID, version: Int, _ body: Any) async throws
        -> APIResponse
    {
        try await api.request(.patch, "/v1/units/\(unit)", token: org.adminToken, json: body, headers: ifMatch(version))
    }

    // MARK: POST /v1/units

    @Test("POST /v1/units answers 201 with exactly the Unit fields and ETag \"1\"")
    func create() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let manager = try await org.user(api, role: "manager")
            let response = try await api.request(
                .post, "/v1/units", token: org.adminToken,
                json: ["name": "East", "parent_id": org.rootUnitID.uuidString, "manager_id": manager.id.uuidString])
            #expect(response.status == .created)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.eTag] == "\"1\"")
            // Raw JSON: the exact set of members.
            #expect(response.json?.keys == Self.unitKeys)
            let unit = try response.decode(API.Unit.self)
            #expect(unit.name == "East")
            #expect(unit.parentID == org.rootUnitID)
            #expect(unit.managerID == manager.id)
            #expect(unit.version == 1)

            let id = unit.id
            let fetched = try await api.request(.get, "/v1/units/\(id)", token: org.adminToken)
            #expect(fetched.status == .ok)
            #expect(fetched.headers[.eTag] == "\"1\"")
            #expect(fetched.body == response.body)
        }
    }

    @Test("parent_id and manager_id are null when absent or null, and are present in the body as null")
    func createWithNulls() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for body: [String: Any] in [
                ["name": "Alone"], ["name": "Alone", "parent_id": NSNull(), "manager_id": NSNull()],
            ] {
                let response = try await api.request(.post, "/v1/units", token: org.adminToken, json: body)
                #expect(response.status == .created)
                // Raw JSON: the test is about the members being present as explicit nulls.
                let json = try #require(response.json)
                #expect(json.keys == Self.unitKeys)
                #expect(json.isNull("parent_id"))
                #expect(json.isNull("manager_id"))
            }
        }
    }

    @Test("only an admin may create or change units")
    func adminOnly() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "Target", parent: org.rootUnitID)
            for role in ["leader", "manager", "rep", "viewer"] {
                let caller = try await org.user(api, role: role)
                expectProblem(
                    try await api.request(
                        .post, "/v1/units", token: caller.token,
                        json: ["name": "Sneaky", "parent_id": org.rootUnitID.uuidString]),
                    .forbidden, "forbidden")
                expectProblem(
                    try await api.request(
                        .patch, "/v1/units/\(unit)", token: caller.token, json: ["name": "Renamed"], headers: ifMatch(1)
                    ),
                    .forbidden, "forbidden")
                // Everyone in the org may read the tree.
                #expect(try await api.request(.get, "/v1/units", token: caller.token).status == .ok)
                #expect(try await api.request(.get, "/v1/units/\(unit)", token: caller.token).status == .ok)
            }
            let ids = try await listIDs(api, "/v1/units", token: org.adminToken)
            #expect(Set(ids) == [org.rootUnitID, unit])
            let after = try await api.request(.get, "/v1/units/\(unit)", token: org.adminToken)
            #expect(try after.decode(API.Unit.self).name == "Target")
            #expect(after.headers[.eTag] == "\"1\"")
            expectProblem(
                try await api.request(.post, "/v1/units", json: ["name": "Anon"]), .unauthorized, "unauthenticated")
            expectProblem(try await api.request(.get, "/v1/units"), .unauthorized, "unauthenticated")
        }
    }

    @Test("an unknown parent or manager is 422 naming the field")
    func unknownReferences() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "X", "parent_id": UUID().uuidString]),
                .unprocessableContent, "validation_failed", field: "parent_id")
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "X", "manager_id": UUID().uuidString]),
                .unprocessableContent, "validation_failed", field: "manager_id")
            // A unit id is not a user id.
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken,
                    json: ["name": "X", "manager_id": org.rootUnitID.uuidString]),
                .unprocessableContent, "validation_failed", field: "manager_id")

            let unit = try await org.unit(api, name: "Y", parent: org.rootUnitID)
            expectProblem(
                try await Self.patch(api, org, unit, version: 1, ["parent_id": UUID().uuidString]),
                .unprocessableContent,
                "validation_failed", field: "parent_id")
            expectProblem(
                try await Self.patch(api, org, unit, version: 1, ["manager_id": UUID().uuidString]),
                .unprocessableContent,
                "validation_failed", field: "manager_id")
            #expect(Set(try await listIDs(api, "/v1/units", token: org.adminToken)) == [org.rootUnitID, unit])
            #expect(try await api.request(.get, "/v1/units/\(unit)", token: org.adminToken).headers[.eTag] == "\"1\"")
        }
    }

    @Test("invalid unit bodies are 422 naming the field")
    func createValidation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let cases: [(body: Any, field: String)] = [
                ([String: Any](), "name"),
                (["name": ""], "name"),
                (["name": " \n "], "name"),
                (["name": String(repeating: "u", count: 201)], "name"),
                (["name": 1.5], "name"),
                (["name": 7], "name"),
                (["name": NSNull()], "name"),
                (["name": "X", "parent_id": "root"], "parent_id"),
                (["name": "X", "parent_id": 42], "parent_id"),
                (["name": "X", "version": 1], "version"),
                (["name": "X", "org_id": UUID().uuidString], "org_id"),
                (["name": "X", "id": UUID().uuidString], "id"),
            ]
            for (body, field) in cases {
                expectProblem(
                    try await api.request(.post, "/v1/units", token: org.adminToken, json: body), .unprocessableContent,
                    "validation_failed", field: field)
            }
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken) == [org.rootUnitID])
        }
    }

    // MARK: GET /v1/units

    @Test("GET /v1/units is the whole tree as a flat {items, next_cursor} list; limit=1 walks it")
    func list() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let a = try await org.unit(api, name: "A", parent: org.rootUnitID)
            let b = try await org.unit(api, name: "B", parent: a)
            let c = try await org.unit(api, name: "C", parent: b)

            let response = try await api.request(.get, "/v1/units", token: org.adminToken)
            #expect(response.status == .ok)
            // Raw JSON: the exact set of members of the page and of each item.
            let json = try #require(response.json)
            #expect(json.keys == ["items", "next_cursor"])
            for item in json["items"]?.array ?? [] { #expect(item.keys == Self.unitKeys) }
            let page = try response.decode(API.List<API.Unit>.self)
            #expect(page.nextCursor == nil)
            let items = page.items
            #expect(Set(items.map(\.id)) == [org.rootUnitID, a, b, c])
            #expect(items.count == 4)
            #expect(items.first { $0.id == c }?.parentID == b)
            #expect(items.contains { $0.id == org.rootUnitID && $0.parentID == nil })

            let paged = try await listIDs(api, "/v1/units", token: org.adminToken, limit: 1)
            #expect(paged.count == 4)
            #expect(Set(paged) == [org.rootUnitID, a, b, c])
            for query in ["limit=0", "limit=501", "cursor=nope"] {
                expectProblem(
                    try await api.request(.get, "/v1/units?\(query)", token: org.adminToken), .unprocessableContent,
                    "validation_failed")
            }
        }
    }

    @Test("lists default to 50 items per page and allow up to 500")
    func defaultPageSize() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for index in 1...50 {
                _ = try await org.unit(api, name: "Unit \(index)", parent: org.rootUnitID)
            }
            let first = try await api.request(.get, "/v1/units", token: org.adminToken)
            let firstPage = try first.expect(.ok, as: API.List<API.Unit>.self)
            #expect(firstPage.items.count == 50)
            let cursor = try #require(firstPage.nextCursor)
            let second = try await api.request(.get, "/v1/units?cursor=\(cursor)", token: org.adminToken)
                .expect(.ok, as: API.List<API.Unit>.self)
            #expect(second.items.count == 1)
            #expect(second.nextCursor == nil)
            let all = try await api.request(.get, "/v1/units?limit=500", token: org.adminToken)
                .expect(.ok, as: API.List<API.Unit>.self)
            #expect(all.items.count == 51)
            #expect(all.nextCursor == nil)
        }
    }

    @Test("GET /v1/units/{id} of an unknown or malformed id is 404")
    func getUnknown() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(.get, "/v1/units/\(UUID())", token: org.adminToken), .notFound, "not_found")
            expectProblem(try await api.request(.get, "/v1/units/root", token: org.adminToken), .notFound, "not_found")
            expectProblem(
                try await Self.patch(api, org, UUID(), version: 1, ["name": "Ghost"]), .notFound, "not_found")
        }
    }

    // MARK: PATCH /v1/units/{id}

    @Test("rename with If-Match: missing 428, stale 412 with current_version, current 200 with ETag \"2\"")
    func rename() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "Old", parent: org.rootUnitID)
            expectProblem(
                try await api.request(.patch, "/v1/units/\(unit)", token: org.adminToken, json: ["name": "New"]),
                .preconditionRequired, "precondition_required")
            let stale = try await Self.patch(api, org, unit, version: 2, ["name": "New"])
            expectProblem(stale, .preconditionFailed, "version_conflict")
            #expect(stale.problem?.currentVersion == 1)

            let renamed = try await Self.patch(api, org, unit, version: 1, ["name": "New"])
            #expect(renamed.status == .ok)
            #expect(renamed.headers[.eTag] == "\"2\"")
            #expect(renamed.json?.keys == Self.unitKeys, "raw JSON: the exact set of members")
            #expect(try renamed.decode(API.Unit.self).name == "New")
            #expect(try renamed.decode(API.Unit.self).version == 2)
            // Fields not sent are left as they were.
            #expect(try renamed.decode(API.Unit.self).parentID == org.rootUnitID)

            let lost = try await Self.patch(api, org, unit, version: 1, ["name": "Lost"])
            expectProblem(lost, .preconditionFailed, "version_conflict")
            #expect(lost.problem?.currentVersion == 2)
            let fetched = try await api.request(.get, "/v1/units/\(unit)", token: org.adminToken)
            #expect(try fetched.decode(API.Unit.self).name == "New")
            #expect(fetched.headers[.eTag] == "\"2\"")
        }
    }

    @Test("moving a unit under itself or its own descendant is 422 and changes nothing")
    func cycles() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let a = try await org.unit(api, name: "A", parent: org.rootUnitID)
            let b = try await org.unit(api, name: "B", parent: a)
            let c = try await org.unit(api, name: "C", parent: b)

            for newParent in [a, b, c] {
                expectProblem(
                    try await Self.patch(api, org, a, version: 1, ["parent_id": newParent.uuidString]),
                    .unprocessableContent,
                    "validation_failed", field: "parent_id")
            }
            expectProblem(
                try await Self.patch(api, org, org.rootUnitID, version: 1, ["parent_id": c.uuidString]),
                .unprocessableContent,
                "validation_failed", field: "parent_id")
            let unchanged = try await api.request(.get, "/v1/units/\(a)", token: org.adminToken)
            #expect(try unchanged.decode(API.Unit.self).parentID == org.rootUnitID)
            #expect(unchanged.headers[.eTag] == "\"1\"")

            // Moving a subtree elsewhere is fine: C (leaf) goes directly under A.
            let moved = try await Self.patch(api, org, c, version: 1, ["parent_id": a.uuidString])
            #expect(moved.status == .ok)
            #expect(try moved.decode(API.Unit.self).parentID == a)
            // And now B may go under C, which no longer lies below B.
            #expect(try await Self.patch(api, org, b, version: 1, ["parent_id": c.uuidString]).status == .ok)
        }
    }

    @Test("PATCH parent_id null makes a root; manager_id null removes the manager")
    func nullsInPatch() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let manager = try await org.user(api, role: "manager")
            let unit = try await org.unit(api, name: "Branch", parent: org.rootUnitID, manager: manager.id)

            let managerOnly = try await Self.patch(api, org, unit, version: 1, ["manager_id": NSNull()])
            #expect(managerOnly.status == .ok)
            #expect(try managerOnly.decode(API.Unit.self).managerID == nil)
            #expect(try managerOnly.decode(API.Unit.self).parentID == org.rootUnitID)

            let root = try await Self.patch(api, org, unit, version: 2, ["parent_id": NSNull()])
            #expect(root.status == .ok)
            #expect(try root.decode(API.Unit.self).parentID == nil)
            #expect(root.headers[.eTag] == "\"3\"")
            let fetched = try await api.request(.get, "/v1/units/\(unit)", token: org.adminToken)
            #expect(try fetched.decode(API.Unit.self).parentID == nil)

            let reattached = try await Self.patch(
                api, org, unit, version: 3,
                ["parent_id": org.rootUnitID.uuidString, "manager_id": manager.id.uuidString])
            #expect(try reattached.decode(API.Unit.self).parentID == org.rootUnitID)
            #expect(try reattached.decode(API.Unit.self).managerID == manager.id)
        }
    }

    @Test("PATCH rejects unknown fields and bad types")
    func patchValidation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "U", parent: org.rootUnitID)
            let cases: [(body: Any, field: String)] = [
                (["version": 2], "version"),
                (["org_id": UUID().uuidString], "org_id"),
                (["name": 1.5], "name"),
                (["name": ""], "name"),
                (["parent_id": "up"], "parent_id"),
                (["manager_id": 3], "manager_id"),
            ]
            for (body, field) in cases {
                expectProblem(
                    try await Self.patch(api, org, unit, version: 1, body), .unprocessableContent, "validation_failed",
                    field: field)
            }
            #expect(try await api.request(.get, "/v1/units/\(unit)", token: org.adminToken).headers[.eTag] == "\"1\"")
        }
    }
}
