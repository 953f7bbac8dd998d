import Foundation
import ParleyDomain
import Postgres

/// The fields of a new user.
public struct NewUser: Sendable {
    /// E-mail, unique in the org.
    public var email: String
    /// Display name.
    public var name: String
    public var role: Role
    public var unitID: UUID
    /// Hiring date.
    public var hiredOn: LocalDate
    /// bcrypt hash of the password, if the user may sign in with one.
    public var passwordHash: String?

    /// Creates the fields.
    public init(email: String, name: String, role: Role, unitID: UUID, hiredOn: LocalDate, passwordHash: String?) {
        self.email = email
        self.name = name
        self.role = role
        self.unitID = unitID
        self.hiredOn = hiredOn
        self.passwordHash = passwordHash
    }
}

/// A partial update of a user; nil leaves a field as it is.
public struct UserChanges: Sendable {
    /// New e-mail.
    public var email: String?
    /// New name.
    public var name: String?
    /// New role.
    public var role: Role?
    /// New unit.
    public var unitID: UUID?
    /// New hiring date.
    public var hiredOn: LocalDate?
    /// New password hash.
    public var passwordHash: String?

    /// Creates a change set.
    public init(
        email: String? = nil, name: String? = nil, role: Role? = nil, unitID: UUID? = nil, hiredOn: LocalDate? = nil,
        passwordHash: String? = nil
    ) {
        self.email = email
        self.name = name
        self.role = role
        self.unitID = unitID
        self.hiredOn = hiredOn
        self.passwordHash = passwordHash
    }
}

/// A partial update of a unit. The outer optional says whether the field was sent; the inner one is null.
public struct UnitChanges: Sendable {
    /// New name.
    public var name: String?
    /// New parent (`.some(nil)` makes it a root).
    public var parentID: UUID??
    /// New manager (`.some(nil)` removes the manager).
    public var managerID: UUID??

    /// Creates a change set.
    public init(name: String? = nil, parentID: UUID?? = nil, managerID: UUID?? = nil) {
        self.name = name
        self.parentID = parentID
        self.managerID = managerID
    }
}

extension Store {
    func createUser(org: UUID, _ user: NewUser) async throws -> UserRecord {
        try await transaction(org) { tx in
            do {
                return try UserRecord(
                    row: tx.one(
                        """
                        INSERT INTO users (org_id, user_id, email, name, role, unit_id, hired_on, password_hash)
                        VALUES (\(org), \(UUID()), \(user.email), \(user.name), \(user.role.rawValue), \(user.unitID),
                                \(user.hiredOn.description)::date, \(user.passwordHash))
                        RETURNING \(UserRecord.columns)
                        """))
            } catch let error as PostgresError {
                throw Self.userConstraint(error)
            }
        }
    }

    /// One user of the org.
    public func user(org: UUID, id: UUID) async throws -> UserRecord {
        try await transaction(org) { tx in
            try UserRecord(
                row: tx.one("SELECT \(UserRecord.columns) FROM users WHERE org_id = \(org) AND user_id = \(id)"))
        }
    }

    /// A page of the org's users, ordered by id.
    func users(org: UUID, limit: Int, cursor: String?) async throws -> Page<UserRecord> {
        let after = try Cursor.decode(cursor)
        return try await transaction(org) { tx in
            let rows = try tx.query(
                """
                SELECT \(UserRecord.columns) FROM users
                WHERE org_id = \(org) AND (\(after)::uuid IS NULL OR user_id > \(after)::uuid)
                ORDER BY user_id LIMIT \(limit + 1)
                """)
            return Cursor.page(try rows.map(UserRecord.init(row:)), limit: limit, id: \.id)
        }
    }

    /// Updates a user if `version` is current.
    ///
    /// A new password revokes every token of the user except `keepingToken` (in the same transaction), so
    /// whoever held a token obtained with the old password loses it with the password.
    public func updateUser(
        org: UUID, id: UUID, version: Int64, _ changes: UserChanges, keepingToken: UUID? = nil
    ) async throws -> UserRecord {
        try await transaction(org) { tx in
            do {
                let user = try UserRecord(
                    row: tx.versionedUpdate(
                        """
                        UPDATE users SET email = coalesce(\(changes.email), email), name = coalesce(\(changes.name), name),
                            role = coalesce(\(changes.role?.rawValue), role), unit_id = coalesce(\(changes.unitID)::uuid, unit_id),
                            hired_on = coalesce(\(changes.hiredOn?.description)::date, hired_on),
                            password_hash = coalesce(\(changes.passwordHash), password_hash), version = version + 1
                        WHERE org_id = \(org) AND user_id = \(id) AND version = \(version)
                        RETURNING \(UserRecord.columns)
                        """,
                        current: "SELECT version FROM users WHERE org_id = \(org) AND user_id = \(id)"))
                if changes.passwordHash != nil { try Self.revokeTokens(tx, org: org, user: id, keeping: keepingToken) }
                return user
            } catch let error as PostgresError {
                throw Self.userConstraint(error)
            }
        }
    }

    private static func userConstraint(_ error: PostgresError) -> any Error {
        if error.isUniqueViolation { return StoreError.conflict("a user with this e-mail already exists") }
        if error.isForeignKeyViolation { return StoreError.invalid("unit_id", "no such unit") }
        return error
    }

    func createUnit(org: UUID, name: String, parentID: UUID?, managerID: UUID?) async throws -> UnitRecord {
        try await transaction(org) { tx in
            do {
                return try UnitRecord(
                    row: tx.one(
                        """
                        INSERT INTO units (org_id, unit_id, name, parent_id, manager_id)
                        VALUES (\(org), \(UUID()), \(name), \(parentID), \(managerID))
                        RETURNING \(UnitRecord.columns)
                        """))
            } catch let error as PostgresError where error.isForeignKeyViolation {
                throw Self.unitConstraint(error)
            }
        }
    }

    /// One unit.
    public func unit(org: UUID, id: UUID) async throws -> UnitRecord {
        try await transaction(org) { tx in
            try UnitRecord(
                row: tx.one("SELECT \(UnitRecord.columns) FROM units WHERE org_id = \(org) AND unit_id = \(id)"))
        }
    }

    /// A page of the org's units, ordered by id.
    public func units(org: UUID, limit: Int, cursor: String?) async throws -> Page<UnitRecord> {
        let after = try Cursor.decode(cursor)
        return try await transaction(org) { tx in
            let rows = try tx.query(
                """
                SELECT \(UnitRecord.columns) FROM units
                WHERE org_id = \(org) AND (\(after)::uuid IS NULL OR unit_id > \(after)::uuid)
                ORDER BY unit_id LIMIT \(limit + 1)
                """)
            return Cursor.page(try rows.map(UnitRecord.init(row:)), limit: limit, id: \.id)
        }
    }

    /// Updates a unit if `version` is current; a new parent that would make a cycle is refused.
    func updateUnit(org: UUID, id: UUID, version: Int64, _ changes: UnitChanges) async throws -> UnitRecord {
        try await transaction(org) { tx in
            if case .some(let parent) = changes.parentID {
                // Tree changes of one org take turns, so two moves cannot make a cycle together.
                try tx.execute("SELECT pg_advisory_xact_lock(hashtext('units:' || \(org)::text))")
                let tree = try tx.unitTree(org: org)
                guard tree.contains(id) else { throw StoreError.notFound }
                if let parent, !tree.contains(parent) { throw StoreError.invalid("parent_id", "no such unit") }
                if tree.wouldCreateCycle(unit: id, newParent: parent) {
                    throw StoreError.invalid("parent_id", "would make the unit its own ancestor")
                }
            }
            let setParent = changes.parentID != nil
            let setManager = changes.managerID != nil
            do {
                return try UnitRecord(
                    row: tx.versionedUpdate(
                        """
                        UPDATE units SET name = coalesce(\(changes.name), name),
                            parent_id = CASE WHEN \(setParent) THEN \(changes.parentID ?? nil)::uuid ELSE parent_id END,
                            manager_id = CASE WHEN \(setManager) THEN \(changes.managerID ?? nil)::uuid ELSE manager_id END,
                            version = version + 1
                        WHERE org_id = \(org) AND unit_id = \(id) AND version = \(version)
                        RETURNING \(UnitRecord.columns)
                        """,
                        current: "SELECT version FROM units WHERE org_id = \(org) AND unit_id = \(id)"))
            } catch let error as PostgresError where error.isForeignKeyViolation {
                throw Self.unitConstraint(error)
            }
        }
    }

    private static func unitConstraint(_ error: PostgresError) -> any Error {
        StoreError.invalid(error.declaredConstraint?.contains("manager") == true ? "manager_id" : "parent_id", "no such unit or user")
    }
}
