import Foundation
import HTTPTypes
import ParleyTestSupport
import Postgres
import Testing

@Suite("cross-cutting HTTP behaviour")
struct CrossCuttingTests {
    static let megabyte = 1 << 20

    // MARK: Bodies

    @Test(
        "malformed JSON is 400 malformed_json",
        arguments: [
            #"{"name": "#, #"{"name": "X",}"#, #"{"name": "X"} trailing"#, #"{'name': 'X'}"#,
            #"{"name": "X", "name": "Y"}"#,
            #"{"name": "\x"}"#, "{\"name\": \"tab\tinside\"}", "", "   ", "nul", #"{"name": 01}"#,
            #"{"name": "\ud800"}"#,
        ])
    func malformedJSON(body: String) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let response = try await api.request(.post, "/v1/units", token: org.adminToken, raw: body)
            expectProblem(response, .badRequest, "malformed_json")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken) == [org.rootUnitID])
        }
    }

    @Test("malformed JSON is 400 on PATCH and on sign-in too")
    func malformedJSONElsewhere() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(
                    .patch, "/v1/users/\(org.adminID)", token: org.adminToken, raw: "{", headers: ifMatch(1)),
                .badRequest, "malformed_json")
            expectProblem(
                try await api.request(
                    .patch, "/v1/units/\(org.rootUnitID)", token: org.adminToken, raw: "[1,", headers: ifMatch(1)),
                .badRequest, "malformed_json")
            expectProblem(try await api.request(.post, "/v1/sessions", raw: "{{}}"), .badRequest, "malformed_json")
        }
    }

    @Test(
        "a body that is valid JSON but not an object is 422",
        arguments: [
            #"[{"name": "X"}]"#, #""X""#, "42", "null", "true",
        ])
    func notAnObject(body: String) async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(.post, "/v1/units", token: org.adminToken, raw: body), .unprocessableContent,
                "validation_failed")
            expectProblem(
                try await api.request(
                    .patch, "/v1/units/\(org.rootUnitID)", token: org.adminToken, raw: body, headers: ifMatch(1)),
                .unprocessableContent, "validation_failed")
            expectProblem(
                try await api.request(.post, "/v1/users", token: org.adminToken, raw: body), .unprocessableContent,
                "validation_failed")
        }
    }

    @Test("a number where a string is expected is 422, whether integer, float or exponent")
    func numbersForStrings() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for name in ["1.5", "1", "1e3", "-0.0"] {
                expectProblem(
                    try await api.request(.post, "/v1/units", token: org.adminToken, raw: #"{"name": \#(name)}"#),
                    .unprocessableContent, "validation_failed", field: "name")
                expectProblem(
                    try await api.request(
                        .patch, "/v1/users/\(org.adminID)", token: org.adminToken, raw: #"{"name": \#(name)}"#,
                        headers: ifMatch(1)),
                    .unprocessableContent, "validation_failed", field: "name")
            }
        }
    }

    @Test("a string the database cannot hold exactly (NUL) is 422, never silently truncated")
    func nulInStrings() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(.post, "/v1/units", token: org.adminToken, raw: #"{"name": "North\u0000South"}"#),
                .unprocessableContent, "validation_failed", field: "name")
            expectProblem(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken,
                    json: newUserBody(email: "nul\u{0}@example.com", unit: org.rootUnitID)),
                .unprocessableContent, "validation_failed", field: "email")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken) == [org.rootUnitID])
            #expect(try await listIDs(api, "/v1/users", token: org.adminToken) == [org.adminID])
        }
    }

    @Test("length limits count what the database counts: 200 decomposed letters are 400 code points")
    func lengthInCodePoints() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let decomposed = String(repeating: "e\u{301}", count: 150)  // 150 characters, 300 code points
            #expect(decomposed.count == 150)
            expectProblem(
                try await api.request(.post, "/v1/units", token: org.adminToken, json: ["name": decomposed]),
                .unprocessableContent, "validation_failed", field: "name")
            expectProblem(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken, json: newUserBody(name: decomposed, unit: org.rootUnitID)
                ),
                .unprocessableContent, "validation_failed", field: "name")
            // 137 characters but 262 code points, over the 254 an e-mail address may have.
            let longEmail = String(repeating: "e\u{301}", count: 125) + "@example.com"
            expectProblem(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken, json: newUserBody(email: longEmail, unit: org.rootUnitID)
                ),
                .unprocessableContent, "validation_failed", field: "email")
            // Up to the limit they are stored exactly.
            let fits = String(repeating: "e\u{301}", count: 100)
            let created = try await api.request(.post, "/v1/units", token: org.adminToken, json: ["name": fits])
            #expect(created.status == .created)
            #expect(try created.decode(API.Unit.self).name.unicodeScalars.elementsEqual(fits.unicodeScalars))
        }
    }

    @Test("a body over 1 MiB is 413 payload_too_large; exactly 1 MiB is accepted")
    func payloadLimit() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let head = #"{"name": "Big", "parent_id": null}"#
            let exact = head + String(repeating: " ", count: Self.megabyte - head.utf8.count)
            #expect(exact.utf8.count == Self.megabyte)
            let over = exact + " "

            expectProblem(
                try await api.request(.post, "/v1/units", token: org.adminToken, raw: over), .contentTooLarge,
                "payload_too_large")
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, raw: over, headers: idempotencyKey("big")),
                .contentTooLarge, "payload_too_large")
            expectProblem(
                try await api.request(
                    .patch, "/v1/units/\(org.rootUnitID)", token: org.adminToken, raw: over, headers: ifMatch(1)),
                .contentTooLarge, "payload_too_large")
            expectProblem(
                try await api.request(.post, "/v1/sessions", raw: over), .contentTooLarge, "payload_too_large")
            let huge = #"{"name": ""# + String(repeating: "x", count: 3 * Self.megabyte) + #""}"#
            expectProblem(
                try await api.request(.post, "/v1/units", token: org.adminToken, raw: huge), .contentTooLarge,
                "payload_too_large")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken) == [org.rootUnitID])

            let accepted = try await api.request(.post, "/v1/units", token: org.adminToken, raw: exact)
            #expect(accepted.status == .created)
            #expect(try accepted.decode(API.Unit.self).name == "Big")
        }
    }

    // MARK: Problem details

    @Test("every error is problem+json with type, title, status, detail and code")
    func problemShape() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let repEmail = uniqueEmail("rep")
            let rep = try await org.user(api, role: "rep", email: repEmail)
            let unit = try await org.unit(api, name: "P", parent: org.rootUnitID)
            let cases: [(APIResponse, HTTPResponse.Status, String)] = [
                (
                    try await api.request(.post, "/v1/units", token: org.adminToken, raw: "{"), .badRequest,
                    "malformed_json"
                ),
                (try await api.request(.get, "/v1/me"), .unauthorized, "unauthenticated"),
                (try await api.request(.get, "/v1/me", token: "nope"), .unauthorized, "unauthenticated"),
                (
                    try await api.request(.post, "/v1/units", token: rep.token, json: ["name": "X"]), .forbidden,
                    "forbidden"
                ),
                (try await api.request(.get, "/v1/units/\(UUID())", token: org.adminToken), .notFound, "not_found"),
                (try await api.request(.get, "/v1/no-such-thing", token: org.adminToken), .notFound, "not_found"),
                (try await api.request(.get, "/nowhere"), .notFound, "not_found"),
                (try await api.request(.put, "/v1/me", token: org.adminToken), .methodNotAllowed, "method_not_allowed"),
                (
                    try await api.request(
                        .post, "/v1/users", token: org.adminToken,
                        json: newUserBody(email: repEmail.uppercased(), unit: org.rootUnitID)),
                    .conflict, "conflict"
                ),
                (
                    try await api.request(
                        .patch, "/v1/units/\(unit)", token: org.adminToken, json: ["name": "Q"], headers: ifMatch(9)),
                    .preconditionFailed, "version_conflict"
                ),
                (
                    try await api.request(
                        .post, "/v1/units", token: org.adminToken, raw: String(repeating: " ", count: Self.megabyte + 1)
                    ),
                    .contentTooLarge, "payload_too_large"
                ),
                (
                    try await api.request(.post, "/v1/units", token: org.adminToken, json: ["name": ""]),
                    .unprocessableContent, "validation_failed"
                ),
                (
                    try await api.request(.patch, "/v1/units/\(unit)", token: org.adminToken, json: ["name": "Q"]),
                    .preconditionRequired, "precondition_required"
                ),
            ]
            for (response, status, code) in cases {
                expectProblem(response, status, code)
            }
            // Validation problems list their fields.
            let invalid = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "X", "bogus": 1, "state": "locked"])
            let errors = invalid.problem?.errors ?? []
            #expect(Set(invalid.errorFields) == ["bogus", "state"])
            for error in errors {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("errors never leak SQL or server internals")
    func noLeaks() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            _ = try await api.request(
                .post, "/v1/users", token: org.adminToken, json: newUserBody(email: email, unit: org.rootUnitID))
            let responses = [
                try await api.request(
                    .post, "/v1/users", token: org.adminToken, json: newUserBody(email: email, unit: org.rootUnitID)),
                try await api.request(.post, "/v1/users", token: org.adminToken, json: newUserBody(unit: UUID())),
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "X", "manager_id": UUID().uuidString]),
            ]
            for response in responses {
                #expect(response.status.code < 500)
                for leak in [
                    "SELECT", "INSERT", "constraint", "users_email", "fkey", "violates", "SQLSTATE", "23505", "23503",
                ] {
                    #expect(!response.body.contains(leak), "\(response.body)")
                }
            }
        }
    }

    // MARK: Methods and routes

    @Test("an unsupported method on a known path is 405 with an Allow header")
    func methodNotAllowed() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let id = UUID()
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.put, "/v1/me", "GET"),
                (.post, "/v1/me", "GET"),
                (.get, "/v1/sessions", "POST"),
                (.patch, "/v1/sessions/current", "DELETE"),
                (.put, "/v1/users", "GET, POST"),
                (.delete, "/v1/users/\(id)", "GET, PATCH"),
                (.get, "/v1/users/\(id)/tokens", "POST"),
                (.put, "/v1/units/\(id)", "GET, PATCH"),
            ]
            for (method, path, allow) in cases {
                for token in [org.adminToken, nil] {
                    let response = try await api.request(method, path, token: token)
                    expectProblem(response, .methodNotAllowed, "method_not_allowed")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                }
            }
        }
    }

    // MARK: Request ids

    @Test("every response carries an X-Request-Id, a different one per request")
    func requestIDs() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let requestID = HTTPField.Name("X-Request-Id")!
            let responses = [
                try await api.request(.get, "/v1/me", token: org.adminToken),
                try await api.request(.get, "/v1/me", token: org.adminToken),
                try await api.request(.post, "/v1/units", token: org.adminToken, json: ["name": "R"]),
                try await api.request(.get, "/v1/me"),
                try await api.request(.post, "/v1/units", token: org.adminToken, raw: "{"),
                try await api.request(.get, "/v1/nothing-here", token: org.adminToken),
                try await api.request(.put, "/v1/me", token: org.adminToken),
                try await api.request(.get, "/healthz"),
            ]
            let ids = responses.compactMap { $0.headers[requestID] }
            #expect(ids.count == responses.count)
            #expect(ids.allSatisfy { !$0.isEmpty })
            #expect(Set(ids).count == ids.count)
        }
    }

    // MARK: Idempotency-Key

    @Test("a retry with the same key and body replays status, body and ETag without doing the work again")
    func idempotentReplay() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let body: [String: Any] = ["name": "Once", "parent_id": org.rootUnitID.uuidString]
            let first = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: body, headers: idempotencyKey("k-1"))
            #expect(first.status == .created)
            #expect(first.headers[.eTag] == "\"1\"")
            let id = try first.decode(API.Unit.self).id

            let second = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: body, headers: idempotencyKey("k-1"))
            #expect(second.status == first.status)
            #expect(second.body == first.body)
            #expect(second.headers[.eTag] == first.headers[.eTag])
            #expect(second.headers[.contentType] == first.headers[.contentType])
            #expect(Set(try await listIDs(api, "/v1/units", token: org.adminToken)) == [org.rootUnitID, id])

            // The replay is the original response, even after the unit changed.
            #expect(
                try await api.request(
                    .patch, "/v1/units/\(id)", token: org.adminToken, json: ["name": "Changed"], headers: ifMatch(1)
                ).status == .ok)
            let third = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: body, headers: idempotencyKey("k-1"))
            #expect(third.status == .created)
            #expect(third.body == first.body)
            #expect(third.headers[.eTag] == "\"1\"")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken).count == 2)

            // Without a key, the same body does the work again.
            #expect(try await api.request(.post, "/v1/units", token: org.adminToken, json: body).status == .created)
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken).count == 3)
        }
    }

    @Test("POST /v1/users replays too: one user, the same body and ETag")
    func idempotentUserCreation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let body = newUserBody(unit: org.rootUnitID, password: "retry me please")
            let first = try await api.request(
                .post, "/v1/users", token: org.adminToken, json: body, headers: idempotencyKey("u"))
            let second = try await api.request(
                .post, "/v1/users", token: org.adminToken, json: body, headers: idempotencyKey("u"))
            #expect(first.status == .created)
            #expect(second.status == .created)  // not 409: the retry is not a second creation
            #expect(second.body == first.body)
            #expect(second.headers[.eTag] == "\"1\"")
            #expect(try await listIDs(api, "/v1/users", token: org.adminToken).count == 2)
        }
    }

    @Test("a replayable response is stored sealed: neither the key nor a new token is readable in the database")
    func storedSealed() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let key = "token-key-\(UUID())"
            let first = try await api.request(
                .post, "/v1/users/\(org.adminID)/tokens", token: org.adminToken, headers: idempotencyKey(key))
            let token = try first.decode(API.Token.self).token
            let replay = try await api.request(
                .post, "/v1/users/\(org.adminID)/tokens", token: org.adminToken, headers: idempotencyKey(key))
            #expect(try replay.decode(API.Token.self).token == token)
            let orgID = org.orgID
            let leaks = try await TestDatabase.pool().transaction(org: orgID) { tx in
                try tx.query(
                    """
                    SELECT count(*) FROM idempotency_keys
                    WHERE org_id = \(orgID) AND (key = \(key) OR position(convert_to(\(token), 'UTF8') IN body) > 0)
                    """)[0].decode(0, as: Int.self)
            }
            #expect(leaks == 0)
        }
    }

    @Test("keys are kept at least 24 hours")
    func keysKeptADay() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let first = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "Yesterday"],
                headers: idempotencyKey("day-old"))
            #expect(first.status == .created)
            let orgID = org.orgID
            let aged = try await TestDatabase.pool().transaction(org: orgID) { tx in
                try tx.execute(
                    """
                    UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE org_id = \(orgID)
                    """)
            }
            #expect(aged == 1)
            let retry = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "Yesterday"],
                headers: idempotencyKey("day-old"))
            #expect(retry.status == .created)
            #expect(retry.body == first.body)
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "Today"],
                    headers: idempotencyKey("day-old")),
                .unprocessableContent, "idempotency_key_reused")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken).count == 2)
        }
    }

    @Test("a replayed token request returns the same token instead of issuing another")
    func idempotentTokens() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let first = try await api.request(
                .post, "/v1/users/\(rep.id)/tokens", token: org.adminToken, headers: idempotencyKey("tok"))
            let second = try await api.request(
                .post, "/v1/users/\(rep.id)/tokens", token: org.adminToken, headers: idempotencyKey("tok"))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try second.decode(API.Token.self).token == first.decode(API.Token.self).token)
        }
    }

    @Test("the same key with a different body is 422 idempotency_key_reused and does nothing")
    func keyReused() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let first = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "First"], headers: idempotencyKey("same"))
            #expect(first.status == .created)
            let reused = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "Second"], headers: idempotencyKey("same"))
            expectProblem(reused, .unprocessableContent, "idempotency_key_reused")
            // The same body on another path is another request too.
            let otherPath = try await api.request(
                .post, "/v1/users", token: org.adminToken, json: ["name": "First"], headers: idempotencyKey("same"))
            expectProblem(otherPath, .unprocessableContent, "idempotency_key_reused")
            let units = try await listIDs(api, "/v1/units", token: org.adminToken)
            #expect(units.count == 2)
            // The original can still be replayed.
            let replay = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "First"], headers: idempotencyKey("same"))
            #expect(replay.body == first.body)
        }
    }

    @Test("keys are scoped to the caller: another user with the same key does its own work")
    func keysPerCaller() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let secondAdmin = try await org.user(api, role: "admin")
            let body: [String: Any] = ["name": "Shared key"]
            let mine = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: body, headers: idempotencyKey("shared"))
            let theirs = try await api.request(
                .post, "/v1/units", token: secondAdmin.token, json: body, headers: idempotencyKey("shared"))
            #expect(mine.status == .created)
            #expect(theirs.status == .created)
            #expect(try theirs.decode(API.Unit.self).id != mine.decode(API.Unit.self).id)
            // A different body from the other user is not "reused" either: their key is their own.
            let different = try await api.request(
                .post, "/v1/units", token: secondAdmin.token, json: ["name": "Other"],
                headers: idempotencyKey("shared-2"))
            #expect(different.status == .created)
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken).count == 4)

            // And a user of another org with the same key and body does its own work too.
            let other = try await TestOrg.make(api)
            let elsewhere = try await api.request(
                .post, "/v1/units", token: other.adminToken, json: body, headers: idempotencyKey("shared"))
            #expect(elsewhere.status == .created)
            #expect(try await listIDs(api, "/v1/units", token: other.adminToken).count == 2)
        }
    }

    @Test("an Idempotency-Key must be 1 to 255 characters")
    func keyLength() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "Long"],
                    headers: idempotencyKey(String(repeating: "k", count: 256))),
                .unprocessableContent, "validation_failed", field: "Idempotency-Key")
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: org.adminToken, json: ["name": "Empty"], headers: idempotencyKey("")),
                .unprocessableContent, "validation_failed", field: "Idempotency-Key")
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken) == [org.rootUnitID])

            let longest = String(repeating: "k", count: 255)
            let first = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "Longest"], headers: idempotencyKey(longest))
            #expect(first.status == .created)
            let again = try await api.request(
                .post, "/v1/units", token: org.adminToken, json: ["name": "Longest"], headers: idempotencyKey(longest))
            #expect(again.body == first.body)
            #expect(try await listIDs(api, "/v1/units", token: org.adminToken).count == 2)
        }
    }

    @Test("client errors are replayed as well, so a retry cannot turn a refusal into a success")
    func errorsReplayed() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let body: [String: Any] = ["name": "Refused"]
            let first = try await api.request(
                .post, "/v1/units", token: rep.token, json: body, headers: idempotencyKey("r"))
            expectProblem(first, .forbidden, "forbidden")
            let second = try await api.request(
                .post, "/v1/units", token: rep.token, json: body, headers: idempotencyKey("r"))
            #expect(second.status == .forbidden)
            #expect(second.body == first.body)
            #expect(second.headers[.contentType] == "application/problem+json")
        }
    }
}
