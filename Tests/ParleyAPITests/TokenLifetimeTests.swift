import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

@testable import ParleyAPI

@Suite("token lifetime: sessions expire, a new password revokes, the auth cache cannot resurrect")
struct TokenLifetimeTests {
    static func signIn(_ api: TestAPI, _ email: String, _ password: String) async throws -> (
        token: String, body: APIResponse
    ) {
        let response = try await api.request(.post, "/v1/sessions", json: ["email": email, "password": password])
        let token = try response.expect(.created, as: API.Session.self).token
        return (token, response)
    }

    static func expiry(_ orgID: UUID, token: String) async throws -> Date? {
        let hash = BearerToken.hash(token)
        return try await TestDatabase.pool().transaction(org: orgID) { tx in
            try tx.query(
                "SELECT expires_at FROM tokens WHERE org_id = \(orgID) AND token_hash = decode(\(hash), 'hex')")[0]
                .decode(0)
        }
    }

    @Test("a session token expires 12 hours after sign-in by default and says so; an API token does not expire")
    func sessionsExpireAPITokensDoNot() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            let created = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(email: email, unit: org.rootUnitID, password: "correct horse"))
            let userID = try created.decode(API.User.self).id
            let before = Date()
            let (session, response) = try await Self.signIn(api, email, "correct horse")
            let stated = try response.decode(API.Session.self).expiresAt
            let statedDate = try #require(ISO8601DateFormatter().date(from: stated))
            let stored = try #require(try await Self.expiry(org.orgID, token: session))
            #expect(abs(stored.timeIntervalSince(statedDate)) < 1)
            #expect(abs(stored.timeIntervalSince(before) - 12 * 3600) < 60)

            let issued = try await api.request(.post, "/v1/users/\(userID)/tokens", token: org.adminToken)
            let apiToken = try issued.decode(API.Token.self).token
            #expect(try await Self.expiry(org.orgID, token: apiToken) == nil)
            #expect(try await Self.expiry(org.orgID, token: org.adminToken) == nil)
            #expect(try await api.request(.get, "/v1/me", token: apiToken).status == .ok)
        }
    }

    @Test("an expired session token is 401 unauthenticated, even while the auth cache remembers it")
    func expiredSessionIsUnauthenticated() async throws {
        try await TestAPI.run(signIn: SignInPolicy(sessionLifetime: .seconds(2)), authCacheLifetime: .seconds(60)) {
            api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            _ = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(email: email, unit: org.rootUnitID, password: "correct horse"))
            let (token, _) = try await Self.signIn(api, email, "correct horse")
            #expect(try await api.request(.get, "/v1/me", token: token).status == .ok)
            try await Task.sleep(for: .milliseconds(2500))
            expectProblem(try await api.request(.get, "/v1/me", token: token), .unauthorized, "unauthenticated")
        }
    }

    @Test("a token whose expiry passed in the database is refused; existing tokens without expiry keep working")
    func expiredInDatabase() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let orgID = org.orgID
            let hash = BearerToken.hash(rep.token)
            try await TestDatabase.pool().transaction(org: orgID) { tx in
                try tx.execute(
                    """
                    UPDATE tokens SET expires_at = now() - interval '1 second'
                    WHERE org_id = \(orgID) AND token_hash = decode(\(hash), 'hex')
                    """)
            }
            expectProblem(try await api.request(.get, "/v1/me", token: rep.token), .unauthorized, "unauthenticated")
            #expect(try await api.request(.get, "/v1/me", token: org.adminToken).status == .ok)
        }
    }

    @Test("a new password revokes every token of the user (sessions and API tokens), no one else's")
    func passwordChangeRevokes() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail()
            let created = try await api.request(
                .post, "/v1/users", token: org.adminToken,
                json: newUserBody(email: email, unit: org.rootUnitID, password: "first password"))
            let id = try created.decode(API.User.self).id
            let (session, _) = try await Self.signIn(api, email, "first password")
            let issued = try await api.request(.post, "/v1/users/\(id)/tokens", token: org.adminToken)
            let apiToken = try issued.decode(API.Token.self).token
            let colleague = try await org.user(api, role: "rep")
            for token in [session, apiToken] {
                #expect(try await api.request(.get, "/v1/me", token: token).status == .ok)
            }

            // A change that is not a password revokes nothing.
            let renamed = try await api.request(
                .patch, "/v1/users/\(id)", token: org.adminToken, json: ["name": "Renamed"], headers: ifMatch(1))
            #expect(renamed.status == .ok)
            #expect(try await api.request(.get, "/v1/me", token: session).status == .ok)

            let patched = try await api.request(
                .patch, "/v1/users/\(id)", token: org.adminToken, json: ["password": "second password"],
                headers: ifMatch(2))
            #expect(patched.status == .ok)
            for token in [session, apiToken] {
                expectProblem(try await api.request(.get, "/v1/me", token: token), .unauthorized, "unauthenticated")
            }
            #expect(try await api.request(.get, "/v1/me", token: colleague.token).status == .ok)
            #expect(try await api.request(.get, "/v1/me", token: org.adminToken).status == .ok)
            #expect(try await Self.signIn(api, email, "second password").token.isEmpty == false)
        }
    }

    @Test("an admin changing their own password keeps the token they used and loses the others")
    func ownPasswordKeepsCurrentToken() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let other = try await api.request(.post, "/v1/users/\(org.adminID)/tokens", token: org.adminToken)
            let otherToken = try other.decode(API.Token.self).token
            let patched = try await api.request(
                .patch, "/v1/users/\(org.adminID)", token: org.adminToken, json: ["password": "a new secret"],
                headers: ifMatch(1))
            #expect(patched.status == .ok)
            #expect(try await api.request(.get, "/v1/me", token: org.adminToken).status == .ok)
            expectProblem(try await api.request(.get, "/v1/me", token: otherToken), .unauthorized, "unauthenticated")
        }
    }

    @Test("a lookup that began before a sign-out cannot put the revoked token back into the auth cache")
    func cacheRaceOnRevocation() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let rep = try await org.user(api, role: "rep")
            let store = api.store
            let cache = AuthenticationCache(lifetime: .seconds(60))
            // The lookup reads the token while it is valid; the sign-out commits and evicts before it returns.
            let stale = try await cache.caller(for: rep.token) { token in
                let caller = try await store.authenticate(token: token)
                if let caller { try await store.revokeToken(org: caller.orgID, tokenID: caller.tokenID) }
                cache.evict(token: token)
                return caller
            }
            #expect(stale?.userID == rep.id)
            let after = try await cache.caller(for: rep.token, lookup: store.authenticate(token:))
            #expect(after == nil)
        }
    }

    @Test("a lookup that began before a role change cannot put the old role back into the auth cache")
    func cacheRaceOnUserChange() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let user = try await org.user(api, role: "leader")
            let store = api.store
            let cache = AuthenticationCache(lifetime: .seconds(60))
            _ = try await cache.caller(for: user.token) { token in
                let caller = try await store.authenticate(token: token)
                _ = try await store.updateUser(org: org.orgID, id: user.id, version: 1, UserChanges(role: .rep))
                cache.evict(user: user.id)
                return caller
            }
            let after = try await cache.caller(for: user.token, lookup: store.authenticate(token:))
            #expect(after?.role == .rep)
        }
    }
}
