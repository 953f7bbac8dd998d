import Crypto
import Foundation
import ParleyDomain
import Postgres

/// The authenticated user a request acts for.
public struct Caller: Sendable, Hashable {
    /// The caller's organization; every query of the request runs inside it.
    public let orgID: UUID
    /// The caller.
    public let userID: UUID
    /// The caller's role.
    public let role: Role
    /// The unit the caller belongs to.
    public let unitID: UUID
    /// The token the request presented.
    public let tokenID: UUID
    /// When the token stops working (session tokens); nil for tokens that last until revoked.
    public let expiresAt: Date?

    /// Creates a caller.
    public init(orgID: UUID, userID: UUID, role: Role, unitID: UUID, tokenID: UUID, expiresAt: Date? = nil) {
        self.orgID = orgID
        self.userID = userID
        self.role = role
        self.unitID = unitID
        self.tokenID = tokenID
        self.expiresAt = expiresAt
    }
}

extension Caller {
    /// The caller as the domain's permission rules see it.
    public var viewer: Viewer { Viewer(userID: userID, role: role, unitID: unitID) }
}

/// A user as stored.
public struct UserRecord: Sendable, Hashable {
    /// The user's id.
    public var id: UUID
    /// E-mail, unique in the org (case-insensitively).
    public var email: String
    /// Display name.
    public var name: String
    public var role: Role
    /// The unit the user belongs to.
    public var unitID: UUID
    /// Hiring date, which decides the ramp.
    public var hiredOn: LocalDate
    /// Optimistic-concurrency version.
    public var version: Int64

    static let columns: SQL = "user_id, email, name, role, unit_id, parley_iso_date(hired_on), version"

    init(row: PostgresRow) throws {
        (id, email, name, role, unitID, hiredOn, version) = try row.decode(
            (UUID, String, String, Role, UUID, LocalDate, Int64).self, at: 0)
    }
}

/// A unit of the org tree as stored.
public struct UnitRecord: Sendable, Hashable {
    /// The unit's id.
    public var id: UUID
    public var name: String
    /// Parent unit; nil for a root.
    public var parentID: UUID?
    /// The user who manages this unit and everything below it.
    public var managerID: UUID?
    /// Optimistic-concurrency version.
    public var version: Int64

    static let columns: SQL = "unit_id, name, parent_id, manager_id, version"

    init(row: PostgresRow) throws {
        (id, name, parentID, managerID, version) = try row.decode((UUID, String, UUID?, UUID?, Int64).self, at: 0)
    }
}

/// What a new organization starts with.
public struct NewOrganization: Sendable {
    /// The organization's id.
    public var orgID: UUID
    /// The root unit's id.
    public var rootUnitID: UUID
    /// The first admin's id.
    public var adminUserID: UUID
    /// A bearer token for the admin.
    public var token: String
}

/// Bearer tokens: 256 random bits after a routing prefix that names the organization, shown once,
/// stored as SHA-256 of the whole token.
///
/// The prefix lets a token be looked up by `(org_id, token_hash)` inside its organization, so no lookup
/// and no unique key spans tenants (the tables can be distributed by `org_id`). It is not a secret and
/// proves nothing: a token whose prefix names another organization has another hash and matches no row.
public enum BearerToken {
    /// A new token for a user of `org`: `prl_`, the org's id as 32 hex digits, `_`, 64 random hex digits.
    public static func generate(org: UUID) -> String {
        "prl_" + org.uuidString.lowercased().replacingOccurrences(of: "-", with: "") + "_" + secret()
    }

    /// A random value shaped like a token of before the routing prefix (`prl_` and 64 hex digits). It is
    /// never issued: sign-in hashes one to spend the same work on an unknown e-mail.
    public static func generate() -> String {
        "prl_" + secret()
    }

    private static func secret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return bytes.hexString
    }

    /// The organization a token names, or nil for a token without a routing prefix (issued before
    /// migration 0006) or for text that is no token at all.
    public static func organization(of token: String) -> UUID? {
        let parts = token.utf8.split(separator: UInt8(ascii: "_"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual("prl".utf8), parts[1].count == 32, parts[2].count == 64,
            parts[1].allSatisfy(isLowerHex), parts[2].allSatisfy(isLowerHex)
        else { return nil }
        let hex = Array(parts[1])
        let dashed = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
            .map { String(decoding: hex[$0], as: UTF8.self) }.joined(separator: "-")
        return UUID(uuidString: dashed)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte)
    }

    /// The stored form of a token, hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }
}

extension Store {
    /// Creates an organization with a root unit and its first admin, and issues the admin a token.
    public func createOrganization(
        name: String, adminEmail: String, adminName: String, passwordHash: String?, today: LocalDate
    ) async throws -> NewOrganization {
        let orgID = UUID()
        return try await transaction(orgID) { tx in
            let created = NewOrganization(
                orgID: orgID, rootUnitID: UUID(), adminUserID: UUID(), token: BearerToken.generate(org: orgID))
            try tx.execute("INSERT INTO organizations (org_id, name) VALUES (\(orgID), \(name))")
            try tx.execute("INSERT INTO units (org_id, unit_id, name) VALUES (\(orgID), \(created.rootUnitID), \(name))")
            try tx.execute(
                """
                INSERT INTO users (org_id, user_id, email, name, role, unit_id, hired_on, password_hash)
                VALUES (\(orgID), \(created.adminUserID), \(adminEmail), \(adminName), 'admin',
                        \(created.rootUnitID), \(today.description)::date, \(passwordHash))
                """)
            try Self.insertToken(tx, org: orgID, user: created.adminUserID, token: created.token)
            return created
        }
    }

    /// The caller a bearer token stands for, or nil when it is unknown, revoked or expired.
    ///
    /// A token with a routing prefix is looked up inside the organization it names; one without (issued
    /// before migration 0006) by its hash alone, which the tokens' policy allows only for legacy rows.
    public func authenticate(token: String) async throws -> Caller? {
        let hash = BearerToken.hash(token)
        if let org = BearerToken.organization(of: token) {
            return try await transaction(org) { tx in
                let rows = try tx.query(
                    """
                    SELECT t.user_id, t.token_id, t.expires_at, u.role, u.unit_id
                    FROM tokens t JOIN users u ON u.org_id = t.org_id AND u.user_id = t.user_id
                    WHERE t.org_id = \(org) AND t.token_hash = decode(\(hash), 'hex') AND t.revoked_at IS NULL
                        AND (t.expires_at IS NULL OR t.expires_at > now())
                    """)
                guard let row = rows.first else { return nil }
                let (user, token, expiresAt, role, unit) = try row.decode((UUID, UUID, Date?, Role, UUID).self)
                return Caller(orgID: org, userID: user, role: role, unitID: unit, tokenID: token, expiresAt: expiresAt)
            }
        }
        return try await pool.transaction(org: nil, settings: ["app.token_hash": hash]) { tx in
            let tokens = try tx.query(
                """
                SELECT org_id, user_id, token_id, expires_at
                FROM tokens
                WHERE token_hash = decode(\(hash), 'hex') AND legacy AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > now())
                """)
            guard let token = tokens.first else { return nil }
            let (org, userID, tokenID, expiresAt) = try token.decode((UUID, UUID, UUID, Date?).self)
            try tx.setLocal("app.org_id", org.uuidString.lowercased())
            let users = try tx.query("SELECT role, unit_id FROM users WHERE org_id = \(org) AND user_id = \(userID)")
            guard let user = users.first else { return nil }
            let (role, unit) = try user.decode((Role, UUID).self)
            return Caller(orgID: org, userID: userID, role: role, unitID: unit, tokenID: tokenID, expiresAt: expiresAt)
        }
    }

    /// Users with this e-mail (in any org) and their password hashes, for signing in.
    ///
    /// Sign-in is the one lookup that crosses tenants: a person knows their e-mail, not their organization.
    /// It reads only the rows with that e-mail (the users' policy on `app.login_email`), through the
    /// non-unique index `users_login_email`; on Citus it is a query on every shard, which sign-in's rarity
    /// and its throttle make affordable. Everything after it (the token it issues) names the organization.
    public func signInCandidates(email: String) async throws -> [(orgID: UUID, userID: UUID, passwordHash: String)] {
        let email = email.lowercased()
        return try await pool.transaction(org: nil, settings: ["app.login_email": email]) { tx in
            let rows = try tx.query(
                "SELECT org_id, user_id, password_hash FROM users WHERE lower(email) = \(email) AND password_hash IS NOT NULL")
            return try rows.map { try $0.decode((UUID, UUID, String).self) }
        }
    }

    /// Issues a new token for a user of the org: one that lasts until revoked (an API token).
    public func issueToken(org: UUID, user: UUID) async throws -> String {
        try await issueToken(org: org, user: user, lifetimeSeconds: nil).token
    }

    /// Issues a new token that expires `lifetimeSeconds` from now (a session), or never when nil.
    public func issueToken(
        org: UUID, user: UUID, lifetimeSeconds: Int64?
    ) async throws -> (token: String, expiresAt: Date?) {
        try await transaction(org) { tx in
            _ = try tx.one("SELECT 1 FROM users WHERE org_id = \(org) AND user_id = \(user)")
            let token = BearerToken.generate(org: org)
            let expiresAt = try Self.insertToken(
                tx, org: org, user: user, token: token, lifetimeSeconds: lifetimeSeconds)
            return (token, expiresAt)
        }
    }

    /// Revokes a token; revoking twice is harmless.
    public func revokeToken(org: UUID, tokenID: UUID) async throws {
        try await transaction(org) { tx in
            try tx.execute(
                "UPDATE tokens SET revoked_at = now() WHERE org_id = \(org) AND token_id = \(tokenID) AND revoked_at IS NULL")
        }
    }

    @discardableResult
    static func insertToken(
        _ tx: PostgresTransaction, org: UUID, user: UUID, token: String, lifetimeSeconds: Int64? = nil
    ) throws -> Date? {
        let rows = try tx.query(
            """
            INSERT INTO tokens (org_id, token_id, user_id, token_hash, expires_at)
            VALUES (\(org), \(UUID()), \(user), decode(\(BearerToken.hash(token)), 'hex'),
                    now() + make_interval(secs => \(lifetimeSeconds)::bigint))
            RETURNING expires_at
            """)
        guard let row = rows.first else { return nil }
        let expiresAt = try row.decode(Date?.self)
        return expiresAt
    }

    /// Revokes every live token of a user but `keeping` (their password changed).
    static func revokeTokens(_ tx: PostgresTransaction, org: UUID, user: UUID, keeping: UUID?) throws {
        try tx.execute(
            """
            UPDATE tokens SET revoked_at = now()
            WHERE org_id = \(org) AND user_id = \(user) AND revoked_at IS NULL
                AND token_id IS DISTINCT FROM \(keeping)::uuid
            """)
    }

    /// The organization's name.
    public func organizationName(org: UUID) async throws -> String {
        try await transaction(org) { tx in
            try tx.one("SELECT name FROM organizations WHERE org_id = \(org)").decode(String.self)
        }
    }
}
