import Foundation
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

@testable import ParleyAPI

@Suite("tokens name their organization, so they are looked up inside it; tokens of before keep working")
struct RoutedTokenTests {
    @Test("issued tokens are prl_<org>_<secret>, and the prefix routes the lookup")
    func issuedTokensCarryTheirOrganization() async throws {
        try await TestAPI.run(authCacheLifetime: .zero) { api in
            let org = try await TestOrg.make(api)
            let user = try await org.user(api, role: "rep")
            let prefix: String = "prl_" + org.orgID.uuidString.lowercased().replacingOccurrences(of: "-", with: "") + "_"
            for token in [org.adminToken, user.token] {
                #expect(BearerToken.organization(of: token) == org.orgID)
                #expect(token.count == 101)
                #expect(token.hasPrefix(prefix))
            }
            #expect(try await api.request(.get, "/v1/me", token: user.token).status == .ok)
            let rows = try await TestDatabase.pool().transaction(org: org.orgID) { tx in
                try tx.query("SELECT count(*) FILTER (WHERE legacy) FROM tokens WHERE org_id = \(org.orgID)")[0]
                    .decode(0, as: Int.self)
            }
            #expect(rows == 0)
        }
    }

    @Test("a token whose prefix names another organization, or a malformed prefix, is 401")
    func tamperedPrefixIsRefused() async throws {
        try await TestAPI.run(authCacheLifetime: .zero) { api in
            let a = try await TestOrg.make(api)
            let b = try await TestOrg.make(api)
            let secret = String(a.adminToken.suffix(64))
            let bPrefix: String = "prl_" + b.orgID.uuidString.lowercased().replacingOccurrences(of: "-", with: "") + "_"
            let zeros: String = "prl_" + String(repeating: "0", count: 32) + "_"
            let dashed: String = "prl_" + a.orgID.uuidString + "_"
            let tampered: [String] = [
                bPrefix + secret, zeros + secret, "prl_" + secret, a.adminToken.uppercased(), a.adminToken + "0",
                dashed + secret,
            ]
            for token in tampered {
                let response = try await api.request(.get, "/v1/me", token: token)
                #expect(response.status == .unauthorized, "\(token)")
            }
            #expect(try await api.request(.get, "/v1/me", token: a.adminToken).status == .ok)
        }
    }

    @Test("a token of before migration 0006 (no prefix, row marked legacy) still works, and stops when revoked")
    func legacyTokensKeepWorking() async throws {
        try await TestAPI.run(authCacheLifetime: .zero) { api in
            let org = try await TestOrg.make(api)
            let legacy = BearerToken.generate()
            #expect(BearerToken.organization(of: legacy) == nil)
            let hash = BearerToken.hash(legacy)
            try await TestDatabase.pool().transaction(org: org.orgID) { tx in
                try tx.execute(
                    """
                    INSERT INTO tokens (org_id, token_id, user_id, token_hash, legacy)
                    VALUES (\(org.orgID), \(UUID()), \(org.adminID), decode(\(hash), 'hex'), true)
                    """)
            }
            let me = try await api.request(.get, "/v1/me", token: legacy)
            #expect(me.status == .ok)
            #expect(try me.decode(API.Me.self).user.id == org.adminID)
            #expect(try await api.request(.delete, "/v1/sessions/current", token: legacy).status == .noContent)
            #expect(try await api.request(.get, "/v1/me", token: legacy).status == .unauthorized)
        }
    }

    @Test("outside its organization, only a legacy row can be found by its hash")
    func onlyLegacyRowsAreFoundByHashAlone() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let pool = try await TestDatabase.pool()
            let hash = BearerToken.hash(org.adminToken)
            let visible = try await pool.transaction(org: nil, settings: ["app.token_hash": hash]) { tx in
                try tx.query("SELECT count(*) FROM tokens WHERE token_hash = decode(\(hash), 'hex')")[0]
                    .decode(0, as: Int.self)
            }
            #expect(visible == 0)
            try await pool.transaction(org: org.orgID) { tx in
                try tx.execute("UPDATE tokens SET legacy = true WHERE org_id = \(org.orgID)")
            }
            let legacyVisible = try await pool.transaction(org: nil, settings: ["app.token_hash": hash]) { tx in
                try tx.query("SELECT count(*) FROM tokens WHERE token_hash = decode(\(hash), 'hex')")[0]
                    .decode(0, as: Int.self)
            }
            #expect(legacyVisible == 1)
        }
    }
}
