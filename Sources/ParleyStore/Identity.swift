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
    /// Role.
    public var role: Role
    /// The unit the user belongs to.
    public var unitID: UUID
    /// Hiring date, which decides the ramp.
    public var hiredOn: LocalDate
    /// Optimistic-concurrency version.
    public var version: Int64

    static let columns: SQL = "user_id, email, name, role, unit_id, hired_on::text, version"

    init(row: PostgresRow) throws {
        (id, email, name, role, unitID, hiredOn, version) = try row.decode(
            (UUID, String, String, Role, UUID, LocalDate, Int64).self, at: 0)
    }
}

/// A unit of the org tree as stored.
public struct UnitRecord: Sendable, Hashable {
    /// The unit's id.
    public var id: UUID
    /// Name.
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

/// Bearer tokens: 256 random bits, shown once, stored as SHA-256.
public enum BearerToken {
    /// A new random token, `prl_` followed by 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "prl_" + bytes.hexString
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
            let created = NewOrganization(orgID: orgID, rootUnitID: UUID(), adminUserID: UUID(), token: BearerToken.generate())
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
    public func authenticate(token: String) async throws -> Caller? {
        let hash = BearerToken.hash(token)
        return try await pool.transaction(org: nil, settings: ["app.token_hash": hash]) { tx in
            let tokens = try tx.query(
                """
                SELECT set_config('app.org_id', org_id::text, true), org_id, user_id, token_id, expires_at
                FROM tokens
                WHERE token_hash = decode(\(hash), 'hex') AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > now())
                """)
            guard let token = tokens.first else { return nil }
            let org: UUID = try token.decode(1)
            let userID: UUID = try token.decode(2)
            let users = try tx.query("SELECT role, unit_id FROM users WHERE org_id = \(org) AND user_id = \(userID)")
            guard let user = users.first, let role = Role(rawValue: try user.decode(0)) else { return nil }
            return Caller(
                orgID: org, userID: userID, role: role, unitID: try user.decode(1), tokenID: try token.decode(3),
                expiresAt: try token.decode(4))
        }
    }

    /// Users with this e-mail (in any org) and their password hashes, for signing in.
    public func signInCandidates(email: String) async throws -> [(orgID: UUID, userID: UUID, passwordHash: String)] {
        let email = email.lowercased()
        return try await pool.transaction(org: nil, settings: ["app.login_email": email]) { tx in
            let rows = try tx.query(
                "SELECT org_id, user_id, password_hash FROM users WHERE lower(email) = \(email) AND password_hash IS NOT NULL")
            return try rows.map { (try $0.decode(0), try $0.decode(1), try $0.decode(2)) }
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
            let token = BearerToken.generate()
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
        return try rows.first?.decode(0)
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
            try tx.one("SELECT name FROM organizations WHERE org_id = \(org)").decode(0)
        }
    }
}
