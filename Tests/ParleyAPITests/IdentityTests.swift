import Foundation
import HTTPTypes
import ParleyTestSupport
import Postgres
import Testing

@Suite("identity: /v1/me, sessions and tokens")
struct IdentityTests {
    static let userKeys = ["email", "hired_on", "id", "name", "role", "unit_id", "version"]

    // MARK: GET /v1/me

    @Test("GET /v1/me answers the caller and their organization")
    func me() async throws {
        try await TestAPI.run { api in
            let orgName = "Me Org \(UUID().uuidString.prefix(6))"
            let org = try await TestOrg.make(api, name: orgName)
            let response = try await api.request(.get, "/v1/me", token: org.adminToken)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            // Raw JSON: the exact set of members.
            let json = try #require(response.json)
            #expect(json.keys == ["org", "user"])
            #expect(json["org"]?.keys == ["id", "name"])
            #expect(json["user"]?.keys == Self.userKeys)
            let me = try response.decode(API.Me.self)
            #expect(me.org.id == org.orgID)
            #expect(me.org.name == orgName)
            #expect(me.user.id == org.adminID)
            #expect(me.user.role == "admin")
            #expect(me.user.unitID == org.rootUnitID)

            let rep = try await org.user(api, role: "rep")
            let repMe = try await api.request(.get, "/v1/me", token: rep.token)
            #expect(try repMe.decode(API.Me.self).user.id == rep.id)
            #expect(try repMe.decode(API.Me.self).user.role == "rep")
            #expect(try repMe.decode(API.Me.self).org.id == org.orgID)
        }
    }

    @Test("GET /v1/me without a token is 401 unauthenticated")
    func meWithoutToken() async throws {
        try await TestAPI.run { api in
            expectProblem(try await api.request(.get, "/v1/me"), .unauthorized, "unauthenticated")
        }
    }

    @Test("a garbage, malformed or non-bearer Authorization header is 401 unauthenticated")
    func garbageTokens() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for header in [
                "Bearer garbage", "Bearer prl_\(String(repeating: "0", count: 64))", "Bearer ", "Bearer",
                "Basic \(Data("admin:secret".utf8).base64EncodedString())", org.adminToken,
                "Bearer \(org.adminToken)x", "Bearer \(String(repeating: "a", count: 5000))",
            ] {
                let response = try await api.request(.get, "/v1/me", headers: [.authorization: header])
                expectProblem(response, .unauthorized, "unauthenticated")
            }
            // The real token still works, so the 401s above are about the headers.
            #expect(try await api.request(.get, "/v1/me", token: org.adminToken).status == .ok)
        }
    }

    // MARK: DELETE /v1/sessions/current

    @Test("DELETE /v1/sessions/current revokes exactly the presented token")
    func signOut() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let other = try await api.request(.post, "/v1/users/\(rep.id)/tokens", token: org.adminToken)
            let otherToken = try other.decode(API.Token.self).token

            let response = try await api.request(.delete, "/v1/sessions/current", token: rep.token)
            #expect(response.status == .noContent)
            #expect(response.body.isEmpty)

            expectProblem(try await api.request(.get, "/v1/me", token: rep.token), .unauthorized, "unauthenticated")
            expectProblem(
                try await api.request(.delete, "/v1/sessions/current", token: rep.token), .unauthorized,
                "unauthenticated")
            // The user's other token and other users' tokens are untouched.
            #expect(try await api.request(.get, "/v1/me", token: otherToken).status == .ok)
            #expect(try await api.request(.get, "/v1/me", token: org.adminToken).status == .ok)
        }
    }

    @Test("DELETE /v1/sessions/current without a token is 401")
    func signOutWithoutToken() async throws {
        try await TestAPI.run { api in
            expectProblem(try await api.request(.delete, "/v1/sessions/current"), .unauthorized, "unauthenticated")
        }
    }

    // MARK: POST /v1/sessions

    @Test("POST /v1/sessions with the right password answers 201 {token, user}; the token works")
    func signIn() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail("Signer")
            let created = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(email: email, role: "manager", unit: org.rootUnitID, password: "correct horse"))
            #expect(created.status == .created)
            let userID = try created.decode(API.User.self).id

            let session = try await api.request(
                .post, "/v1/sessions", json: ["email": email, "password": "correct horse"])
            #expect(session.status == .created)
            #expect(session.headers[.contentType] == "application/json")
            // Raw JSON: the exact set of members.
            #expect(session.json?.keys == ["expires_at", "token", "user"])
            #expect(session.json?["user"]?.keys == Self.userKeys)
            let signedIn = try session.decode(API.Session.self)
            #expect(signedIn.user.id == userID)
            #expect(signedIn.user.email == email)
            #expect(signedIn.user.role == "manager")
            let token = signedIn.token

            let me = try await api.request(.get, "/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.decode(API.Me.self).user.id == userID)
            #expect(try me.decode(API.Me.self).org.id == org.orgID)

            // E-mail addresses are case-insensitive when signing in too; each sign-in is a new token.
            let again = try await api.request(
                .post, "/v1/sessions", json: ["email": email.uppercased(), "password": "correct horse"])
            #expect(again.status == .created)
            #expect(try again.decode(API.Session.self).user.id == userID)
            #expect(try again.decode(API.Session.self).token != token)
        }
    }

    @Test("POST /v1/sessions with wrong credentials is 401 unauthenticated")
    func signInWrongCredentials() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            #expect(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken,
                    json: newUserBody(email: email, unit: org.rootUnitID, password: "correct horse")
                ).status == .created)
            let withoutPassword = uniqueEmail()
            #expect(
                try await api.request(
                    .post, "/v1/users", token: org.adminToken,
                    json: newUserBody(email: withoutPassword, unit: org.rootUnitID)
                ).status == .created)

            for (email, password) in [
                (email, "wrong horse"), (email, "correct horse "), (email, "Correct horse"),
                (uniqueEmail("nobody"), "correct horse"), (withoutPassword, ""), (withoutPassword, "correct horse"),
            ] {
                let response = try await api.request(
                    .post, "/v1/sessions", json: ["email": email, "password": password])
                expectProblem(response, .unauthorized, "unauthenticated")
                #expect(response.json?["token"] == nil, "raw JSON: no token member at all")
            }
        }
    }

    @Test("POST /v1/sessions validates its body like every other body")
    func signInBadBodies() async throws {
        try await TestAPI.run { api in
            expectProblem(
                try await api.request(.post, "/v1/sessions", json: ["email": "a@example.com"]), .unprocessableContent,
                "validation_failed", field: "password")
            expectProblem(
                try await api.request(
                    .post, "/v1/sessions",
                    json: ["email": "a@example.com", "password": "x", "org_id": UUID().uuidString]),
                .unprocessableContent, "validation_failed", field: "org_id")
            expectProblem(
                try await api.request(.post, "/v1/sessions", raw: #"{"email": "a@example.com", "password": }"#),
                .badRequest,
                "malformed_json")
        }
    }

    @Test("passwords are stored as bcrypt hashes and must be 8 to 72 bytes")
    func passwordStorage() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            for password in ["short", String(repeating: "p", count: 73)] {
                expectProblem(
                    try await api.request(
                        .post, "/v1/users", token: org.adminToken,
                        json: newUserBody(unit: org.rootUnitID, password: password)),
                    .unprocessableContent, "validation_failed", field: "password")
            }
            let created = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(unit: org.rootUnitID, password: "a secret phrase"))
            let userID = try created.decode(API.User.self).id
            #expect(!created.body.contains("a secret phrase"))
            let orgID = org.orgID
            let stored: String = try await TestDatabase.pool().transaction(org: orgID) { tx in
                try tx.query("SELECT password_hash FROM users WHERE org_id = \(orgID) AND user_id = \(userID)")[0]
                    .decode(0)
            }
            #expect(stored.hasPrefix("$2"))
            #expect(!stored.contains("a secret phrase"))
        }
    }

    @Test("PATCH of a user's password changes what signs in")
    func changePassword() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            let created = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(email: email, unit: org.rootUnitID, password: "first password"))
            let id = try created.decode(API.User.self).id
            let patched = try await api.request(
                .patch, "/v1/users/\(id)", token: org.adminToken, json: ["password": "second password"],
                headers: ifMatch(1))
            #expect(patched.status == .ok)
            #expect(patched.json?.keys == Self.userKeys, "raw JSON: the exact set of members")
            expectProblem(
                try await api.request(.post, "/v1/sessions", json: ["email": email, "password": "first password"]),
                .unauthorized, "unauthenticated")
            #expect(
                try await api.request(.post, "/v1/sessions", json: ["email": email, "password": "second password"])
                    .status
                    == .created)
        }
    }

    // MARK: POST /v1/users/{id}/tokens

    @Test("an admin issues a token for anyone; it is shown once as {token} and acts as that user")
    func adminIssuesTokens() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let first = try await api.request(.post, "/v1/users/\(rep.id)/tokens", token: org.adminToken)
            #expect(first.status == .created)
            #expect(first.json?.keys == ["token"], "raw JSON: the exact set of members")
            let token = try first.decode(API.Token.self).token
            let me = try await api.request(.get, "/v1/me", token: token)
            #expect(try me.decode(API.Me.self).user.id == rep.id)

            let second = try await api.request(.post, "/v1/users/\(rep.id)/tokens", token: org.adminToken)
            #expect(second.status == .created)
            #expect(try second.decode(API.Token.self).token != token)

            // Admins may issue tokens for themselves and other admins too.
            #expect(
                try await api.request(.post, "/v1/users/\(org.adminID)/tokens", token: org.adminToken).status
                    == .created)
        }
    }

    @Test("tokens are stored hashed: no row holds the token's text")
    func tokensStoredHashed() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let issued = try await api.request(.post, "/v1/users/\(rep.id)/tokens", token: org.adminToken)
            let token = try issued.decode(API.Token.self).token
            let orgID = org.orgID
            let (rows, leaking) = try await TestDatabase.pool().transaction(org: orgID) { tx in
                let rows: Int = try tx.query("SELECT count(*) FROM tokens WHERE org_id = \(orgID)")[0].decode(0)
                let leaking: Int = try tx.query(
                    """
                    SELECT count(*) FROM tokens t
                    WHERE t.org_id = \(orgID) AND (t::text LIKE '%' || \(token) || '%'
                        OR encode(t.token_hash, 'escape') LIKE '%' || \(token) || '%')
                    """)[0].decode(0)
                return (rows, leaking)
            }
            #expect(rows >= 3)  // the admin's, and the rep's two
            #expect(leaking == 0)
        }
    }

    @Test("a user may issue a token for themself; nobody but an admin for someone else")
    func tokensForOthers() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let colleague = try await org.user(api, role: "rep")

            let own = try await api.request(.post, "/v1/users/\(rep.id)/tokens", token: rep.token)
            #expect(own.status == .created)
            let ownToken = try own.decode(API.Token.self).token
            #expect(try await api.request(.get, "/v1/me", token: ownToken).decode(API.Me.self).user.id == rep.id)

            expectProblem(
                try await api.request(.post, "/v1/users/\(colleague.id)/tokens", token: rep.token), .forbidden,
                "forbidden")
            expectProblem(
                try await api.request(.post, "/v1/users/\(org.adminID)/tokens", token: rep.token), .forbidden,
                "forbidden")
            for role in ["leader", "manager", "viewer"] {
                let caller = try await org.user(api, role: role)
                expectProblem(
                    try await api.request(.post, "/v1/users/\(colleague.id)/tokens", token: caller.token), .forbidden,
                    "forbidden")
                #expect(
                    try await api.request(.post, "/v1/users/\(caller.id)/tokens", token: caller.token).status
                        == .created)
            }
            expectProblem(try await api.request(.post, "/v1/users/\(rep.id)/tokens"), .unauthorized, "unauthenticated")
        }
    }

    @Test("a token for an unknown user is 404")
    func tokenForUnknownUser() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            expectProblem(
                try await api.request(.post, "/v1/users/\(UUID())/tokens", token: org.adminToken), .notFound,
                "not_found")
            expectProblem(
                try await api.request(.post, "/v1/users/not-a-uuid/tokens", token: org.adminToken), .notFound,
                "not_found")
        }
    }
}
