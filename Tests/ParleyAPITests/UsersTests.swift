import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

@Suite("users: /v1/users")
struct UsersTests {
    static let userKeys = ["email", "hired_on", "id", "name", "role", "unit_id", "version"]

    // MARK: POST /v1/users

    @Test("POST /v1/users answers 201 with exactly the User fields and ETag \"1\"")
    func create() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "North", parent: org.rootUnitID)
            let email = uniqueEmail("Mixed.Case")
            let response = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(
                    email: email, name: "Li Wei", role: "rep", unit: unit, hiredOn: "2026-02-28",
                    password: "a long password"))
            #expect(response.status == .created)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.eTag] == "\"1\"")
            // Raw JSON: the exact set of members.
            #expect(response.json?.keys == Self.userKeys)
            let json = try response.decode(API.User.self)
            #expect(json.email == email)
            #expect(json.name == "Li Wei")
            #expect(json.role == "rep")
            #expect(json.unitID == unit)
            #expect(json.hiredOn == "2026-02-28")
            #expect(json.version == 1)

            // GET answers the same representation.
            let id = json.id
            let fetched = try await api.request(.get, "/v1/users/\(id)", token: org.adminToken)
            #expect(fetched.status == .ok)
            #expect(fetched.headers[.eTag] == "\"1\"")
            #expect(fetched.json?.keys == Self.userKeys, "raw JSON: the exact set of members")
            #expect(fetched.body == response.body)
        }
    }

    @Test("every role is accepted", arguments: ["admin", "leader", "manager", "rep", "viewer"])
    func everyRole(role: String) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let response = try await api.request(
                .post, "/v1/users", token: org.adminToken, json: newUserBody(role: role, unit: org.rootUnitID))
            #expect(response.status == .created)
            #expect(try response.decode(API.User.self).role == role)
        }
    }

    @Test("only an admin may create users: leader, manager, rep and viewer get 403")
    func createIsAdminOnly() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for role in ["leader", "manager", "rep", "viewer"] {
                let caller = try await org.user(api, role: role)
                let email = uniqueEmail()
                let response = try await api.request(
                    .post, "/v1/users", token: caller.token,
                    json: newUserBody(email: email, role: "admin", unit: org.rootUnitID))
                expectProblem(response, .forbidden, "forbidden")
                // Nothing was created: the admin can still create that e-mail.
                #expect(
                    try await api.request(
                        .post, "/v1/users", token: org.adminToken, json: newUserBody(email: email, unit: org.rootUnitID)
                    ).status == .created)
            }
            expectProblem(
                try await api.request(.post, "/v1/users", json: newUserBody(unit: org.rootUnitID)), .unauthorized,
                "unauthenticated")
        }
    }

    @Test("a duplicate e-mail in the org, in any letter case, is 409 conflict; another org may use it")
    func duplicateEmail() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail("dup")
            #expect(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken, json: newUserBody(email: email, unit: org.rootUnitID)
                )
                .status == .created)
            for variant in [email, email.uppercased(), email.prefix(1).uppercased() + email.dropFirst()] {
                expectProblem(
                    try await api.request(
                        .post, "/v1/users", token: org.adminToken,
                        json: newUserBody(email: variant, unit: org.rootUnitID)),
                    .conflict, "conflict")
            }
            let other = try await TestOrg.make(api)
            let elsewhere = try await api.request(
                .post, "/v1/users", token: other.adminToken, json: newUserBody(email: email, unit: other.rootUnitID))
            #expect(elsewhere.status == .created)
            #expect(try elsewhere.decode(API.User.self).email == email)
        }
    }

    @Test("invalid fields are 422 validation_failed naming the field")
    func createValidation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let root = org.rootUnitID
            let cases: [(body: [String: Any], field: String)] = [
                (newUserBody(role: "boss", unit: root), "role"),
                (newUserBody(role: "Admin", unit: root), "role"),
                (newUserBody(unit: root, hiredOn: "2021-02-30"), "hired_on"),
                (newUserBody(unit: root, hiredOn: "2021-1-5"), "hired_on"),
                (newUserBody(unit: root, hiredOn: "15.03.2021"), "hired_on"),
                (newUserBody(unit: root, hiredOn: "2021-03-15T00:00:00Z"), "hired_on"),
                (newUserBody(unit: UUID()), "unit_id"),
                (newUserBody(email: "not-an-email", unit: root), "email"),
                (newUserBody(email: "two@@example.com", unit: root), "email"),
                (newUserBody(name: "", unit: root), "name"),
                (newUserBody(name: "   ", unit: root), "name"),
                (newUserBody(name: String(repeating: "n", count: 201), unit: root), "name"),
                (newUserBody(unit: root).merging(["unit_id": "not-a-uuid"]) { $1 }, "unit_id"),
                (newUserBody(unit: root).merging(["hired_on": 20_210_315]) { $1 }, "hired_on"),
                (newUserBody(unit: root).merging(["name": 1.5]) { $1 }, "name"),
                (newUserBody(unit: root).merging(["role": NSNull()]) { $1 }, "role"),
                (newUserBody(unit: root).filter { $0.key != "email" }, "email"),
                (newUserBody(unit: root).filter { $0.key != "hired_on" }, "hired_on"),
                (newUserBody(unit: root).filter { $0.key != "unit_id" }, "unit_id"),
            ]
            for (body, field) in cases {
                let response = try await api.request(.post, "/v1/users", token: org.adminToken, json: body)
                expectProblem(response, .unprocessableContent, "validation_failed", field: field)
            }
            // None of them created a user.
            #expect(try await listIDs(api, "/v1/users", token: org.adminToken) == [org.adminID])
        }
    }

    @Test(
        "unknown and server-owned fields are rejected (no mass assignment)",
        arguments: [
            "version", "org_id", "id", "password_hash", "created_at", "nickname",
        ])
    func createRejectsUnknownFields(field: String) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            var body = newUserBody(unit: org.rootUnitID)
            body[field] = field == "version" ? 7 : "\(UUID())"
            let response = try await api.request(.post, "/v1/users", token: org.adminToken, json: body)
            expectProblem(response, .unprocessableContent, "validation_failed", field: field)
            #expect(try await listIDs(api, "/v1/users", token: org.adminToken) == [org.adminID])
        }
    }

    // MARK: GET /v1/users

    @Test("GET /v1/users answers {items, next_cursor}; limit=1 walks every page exactly once")
    func listPaging() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            var expected: Set<UUID> = [org.adminID]
            for role in ["leader", "manager", "rep", "viewer"] {
                expected.insert(try await org.user(api, role: role).id)
            }

            let all = try await api.request(.get, "/v1/users", token: org.adminToken)
            #expect(all.status == .ok)
            // Raw JSON: the exact set of members of the page and of each item.
            let json = try #require(all.json)
            #expect(json.keys == ["items", "next_cursor"])
            for item in json["items"]?.array ?? [] { #expect(item.keys == Self.userKeys) }
            let list = try all.decode(API.List<API.User>.self)
            #expect(list.nextCursor == nil)
            #expect(list.items.count == 5)

            var seen: [UUID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let path = "/v1/users?limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await api.request(.get, path, token: org.adminToken)
                #expect(response.json?.keys == ["items", "next_cursor"], "raw JSON: the exact set of members")
                let page = try response.expect(.ok, as: API.List<API.User>.self)
                #expect(page.items.count == 1)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 5)
            #expect(seen.count == 5)
            #expect(Set(seen) == expected)

            let two = try await api.request(.get, "/v1/users?limit=2", token: org.adminToken)
            let twoPage = try two.expect(.ok, as: API.List<API.User>.self)
            #expect(twoPage.items.count == 2)
            #expect(twoPage.nextCursor != nil)
            #expect(try await api.request(.get, "/v1/users?limit=500", token: org.adminToken).status == .ok)
        }
    }

    @Test(
        "a bad limit or cursor is 422",
        arguments: ["limit=0", "limit=501", "limit=-1", "limit=abc", "limit=1.5", "cursor=xyz"])
    func badPaging(query: String) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let response = try await api.request(.get, "/v1/users?\(query)", token: org.adminToken)
            expectProblem(
                response, .unprocessableContent, "validation_failed", field: String(query.prefix { $0 != "=" }))
        }
    }

    @Test("who reads the directory: everyone but reps lists; a rep reads only themself")
    func readRoles() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            for role in ["leader", "manager", "viewer"] {
                let caller = try await org.user(api, role: role)
                #expect(try await api.request(.get, "/v1/users", token: caller.token).status == .ok)
                #expect(try await api.request(.get, "/v1/users/\(rep.id)", token: caller.token).status == .ok)
            }
            expectProblem(try await api.request(.get, "/v1/users", token: rep.token), .forbidden, "forbidden")
            expectProblem(
                try await api.request(.get, "/v1/users/\(org.adminID)", token: rep.token), .forbidden, "forbidden")
            let own = try await api.request(.get, "/v1/users/\(rep.id)", token: rep.token)
            #expect(own.status == .ok)
            #expect(try own.decode(API.User.self).id == rep.id)
            expectProblem(try await api.request(.get, "/v1/users"), .unauthorized, "unauthenticated")
            expectProblem(try await api.request(.get, "/v1/users/\(rep.id)"), .unauthorized, "unauthenticated")
        }
    }

    @Test("GET /v1/users/{id} of an unknown or malformed id is 404")
    func getUnknown() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(.get, "/v1/users/\(UUID())", token: org.adminToken), .notFound, "not_found")
            expectProblem(try await api.request(.get, "/v1/users/12345", token: org.adminToken), .notFound, "not_found")
        }
    }

    // MARK: PATCH /v1/users/{id}

    @Test("PATCH needs If-Match: missing 428, stale 412 with current_version, current 200 with the new ETag")
    func patchConcurrency() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let path = "/v1/users/\(rep.id)"

            expectProblem(
                try await api.request(.patch, path, token: org.adminToken, json: ["name": "New Name"]),
                .preconditionRequired,
                "precondition_required")
            let stale = try await api.request(
                .patch, path, token: org.adminToken, json: ["name": "New Name"], headers: ifMatch(7))
            expectProblem(stale, .preconditionFailed, "version_conflict")
            #expect(stale.problem?.currentVersion == 1)
            // Neither changed anything.
            let unchanged = try await api.request(.get, path, token: org.adminToken)
            #expect(try unchanged.decode(API.User.self).name == "Rep User")
            #expect(unchanged.headers[.eTag] == "\"1\"")

            let patched = try await api.request(
                .patch, path, token: org.adminToken, json: ["name": "New Name"], headers: ifMatch(1))
            #expect(patched.status == .ok)
            #expect(patched.headers[.eTag] == "\"2\"")
            #expect(patched.json?.keys == Self.userKeys, "raw JSON: the exact set of members")
            #expect(try patched.decode(API.User.self).name == "New Name")
            #expect(try patched.decode(API.User.self).version == 2)
            #expect(try patched.decode(API.User.self).email == unchanged.decode(API.User.self).email)
            #expect(try await api.request(.get, path, token: org.adminToken).headers[.eTag] == "\"2\"")

            // The version it was read at is now stale.
            let lost = try await api.request(
                .patch, path, token: org.adminToken, json: ["name": "Lost Update"], headers: ifMatch(1))
            expectProblem(lost, .preconditionFailed, "version_conflict")
            #expect(lost.problem?.currentVersion == 2)
            #expect(try await api.request(.get, path, token: org.adminToken).decode(API.User.self).name == "New Name")
        }
    }

    @Test("PATCH changes each field it is given and nothing else")
    func patchFields() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "South", parent: org.rootUnitID)
            let rep = try await org.user(api, role: "rep", hiredOn: "2020-01-01")
            let email = uniqueEmail("renamed")
            let response = try await api.request(
                .patch, "/v1/users/\(rep.id)", token: org.adminToken,
                json: ["email": email, "role": "manager", "unit_id": unit.uuidString, "hired_on": "2024-07-01"],
                headers: ifMatch(1))
            #expect(response.status == .ok)
            let json = try response.decode(API.User.self)
            #expect(json.email == email)
            #expect(json.role == "manager")
            #expect(json.unitID == unit)
            #expect(json.hiredOn == "2024-07-01")
            #expect(json.name == "Rep User")
            #expect(json.id == rep.id)
            // The new role takes effect for the user's existing tokens.
            #expect(try await api.request(.get, "/v1/me", token: rep.token).decode(API.Me.self).user.role == "manager")
        }
    }

    @Test("PATCH validates like POST: bad values 422, unknown fields 422, taken e-mail 409")
    func patchValidation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let taken = uniqueEmail("taken")
            _ = try await org.user(api, role: "viewer", email: taken)
            let path = "/v1/users/\(rep.id)"
            let cases: [(body: Any, field: String)] = [
                (["role": "boss"], "role"),
                (["hired_on": "2021-13-01"], "hired_on"),
                (["unit_id": UUID().uuidString], "unit_id"),
                (["email": "nope"], "email"),
                (["name": ""], "name"),
                (["name": 1.5], "name"),
                (["password": "short"], "password"),
                (["version": 5], "version"),
                (["org_id": UUID().uuidString], "org_id"),
                (["id": UUID().uuidString], "id"),
            ]
            for (body, field) in cases {
                let response = try await api.request(
                    .patch, path, token: org.adminToken, json: body, headers: ifMatch(1))
                expectProblem(response, .unprocessableContent, "validation_failed", field: field)
            }
            expectProblem(
                try await api.request(
                    .patch, path, token: org.adminToken, json: ["email": taken.uppercased()], headers: ifMatch(1)),
                .conflict, "conflict")
            // None of them applied.
            let after = try await api.request(.get, path, token: org.adminToken)
            #expect(after.headers[.eTag] == "\"1\"")
            #expect(try after.decode(API.User.self).role == "rep")
        }
    }

    @Test("only an admin may PATCH users; an unknown user is 404")
    func patchRoles() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            for role in ["leader", "manager", "viewer"] {
                let caller = try await org.user(api, role: role)
                expectProblem(
                    try await api.request(
                        .patch, "/v1/users/\(rep.id)", token: caller.token, json: ["name": "X"], headers: ifMatch(1)),
                    .forbidden, "forbidden")
                // Not even on themself: a role change would be a privilege escalation.
                expectProblem(
                    try await api.request(
                        .patch, "/v1/users/\(caller.id)", token: caller.token, json: ["role": "admin"],
                        headers: ifMatch(1)),
                    .forbidden, "forbidden")
            }
            expectProblem(
                try await api.request(
                    .patch, "/v1/users/\(rep.id)", token: rep.token, json: ["role": "admin"], headers: ifMatch(1)),
                .forbidden, "forbidden")
            #expect(
                try await api.request(.get, "/v1/users/\(rep.id)", token: org.adminToken).decode(API.User.self).role
                    == "rep")
            expectProblem(
                try await api.request(
                    .patch, "/v1/users/\(UUID())", token: org.adminToken, json: ["name": "X"], headers: ifMatch(1)),
                .notFound, "not_found")
        }
    }
}
