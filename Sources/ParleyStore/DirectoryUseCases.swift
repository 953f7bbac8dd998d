import Foundation
import ParleyDomain

/// A user as a client asks for one; every field is checked by the store, after authorization.
public struct UserDraft: Sendable {
    public var email: String
    public var name: String
    public var role: Role
    public var unitID: UUID
    /// `YYYY-MM-DD`, checked here.
    public var hiredOn: String
    public var password: String?

    public init(email: String, name: String, role: Role, unitID: UUID, hiredOn: String, password: String?) {
        self.email = email
        self.name = name
        self.role = role
        self.unitID = unitID
        self.hiredOn = hiredOn
        self.password = password
    }
}

/// A partial update of a user as a client asks for it; nil leaves a field as it is.
public struct UserPatch: Sendable {
    public var email: String?
    public var name: String?
    public var role: Role?
    public var unitID: UUID?
    public var hiredOn: String?
    public var password: String?

    public init(
        email: String? = nil, name: String? = nil, role: Role? = nil, unitID: UUID? = nil, hiredOn: String? = nil,
        password: String? = nil
    ) {
        self.email = email
        self.name = name
        self.role = role
        self.unitID = unitID
        self.hiredOn = hiredOn
        self.password = password
    }
}

/// Hashes a password (bcrypt, slow on purpose): the store calls it only after authorization and
/// validation, and outside any transaction, so no caller without the right makes the server hash.
public typealias PasswordHasher = @Sendable (String) async throws -> String

/// The directory's use cases as callers reach them: authorization (`Permissions`), then validation
/// (`DirectoryRules`), then the write, as for plans.
extension Store {
    public func createUser(caller: Caller, _ draft: UserDraft, hashPassword: PasswordHasher) async throws -> UserRecord {
        guard Permissions.mayManageOrg(caller.role) else { throw StoreError.forbidden("only admins manage users") }
        var errors = DirectoryRules.email(draft.email) + DirectoryRules.name(draft.name)
        let hiredOn = LocalDate(draft.hiredOn)
        if hiredOn == nil { errors.append(FieldError(field: "hired_on", message: "must be a date YYYY-MM-DD")) }
        if let password = draft.password { errors += DirectoryRules.password(password) }
        guard errors.isEmpty, let hiredOn else { throw StoreError.validation(errors) }
        let hash = try await draft.password.asyncMap(hashPassword)
        return try await createUser(
            org: caller.orgID,
            NewUser(
                email: draft.email, name: draft.name, role: draft.role, unitID: draft.unitID, hiredOn: hiredOn,
                passwordHash: hash))
    }

    /// A new password revokes the user's tokens; an admin changing their own keeps the one in hand.
    public func updateUser(
        caller: Caller, id: UUID, version: Int64, _ patch: UserPatch, hashPassword: PasswordHasher
    ) async throws -> UserRecord {
        guard Permissions.mayManageOrg(caller.role) else { throw StoreError.forbidden("only admins manage users") }
        var errors: [FieldError] = []
        if let email = patch.email { errors += DirectoryRules.email(email) }
        if let name = patch.name { errors += DirectoryRules.name(name) }
        if let password = patch.password { errors += DirectoryRules.password(password) }
        let hiredOn = patch.hiredOn.flatMap(LocalDate.init)
        if patch.hiredOn != nil && hiredOn == nil {
            errors.append(FieldError(field: "hired_on", message: "must be a date YYYY-MM-DD"))
        }
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        let hash = try await patch.password.asyncMap(hashPassword)
        return try await updateUser(
            org: caller.orgID, id: id, version: version,
            UserChanges(
                email: patch.email, name: patch.name, role: patch.role, unitID: patch.unitID, hiredOn: hiredOn,
                passwordHash: hash),
            keepingToken: caller.userID == id ? caller.tokenID : nil)
    }

    public func user(caller: Caller, id: UUID) async throws -> UserRecord {
        guard Permissions.mayReadUser(caller.viewer, userID: id) else { throw StoreError.forbidden("you may not read this user") }
        return try await user(org: caller.orgID, id: id)
    }

    public func users(caller: Caller, limit: Int, cursor: String?) async throws -> Page<UserRecord> {
        guard Permissions.mayListDirectory(caller.role) else { throw StoreError.forbidden("reps may not list the directory") }
        return try await users(org: caller.orgID, limit: limit, cursor: cursor)
    }

    /// A new API token for `user`: theirs, or any user's for an admin.
    public func issueToken(caller: Caller, for user: UUID) async throws -> String {
        guard Permissions.mayIssueToken(caller.viewer, for: user) else {
            throw StoreError.forbidden("only admins issue tokens for others")
        }
        return try await issueToken(org: caller.orgID, user: user)
    }

    public func createUnit(caller: Caller, name: String, parentID: UUID?, managerID: UUID?) async throws -> UnitRecord {
        guard Permissions.mayManageOrg(caller.role) else { throw StoreError.forbidden("only admins manage units") }
        let errors = DirectoryRules.name(name)
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return try await createUnit(org: caller.orgID, name: name, parentID: parentID, managerID: managerID)
    }

    public func updateUnit(caller: Caller, id: UUID, version: Int64, _ changes: UnitChanges) async throws -> UnitRecord {
        guard Permissions.mayManageOrg(caller.role) else { throw StoreError.forbidden("only admins manage units") }
        let errors = changes.name.map { DirectoryRules.name($0) } ?? []
        guard errors.isEmpty else { throw StoreError.validation(errors) }
        return try await updateUnit(org: caller.orgID, id: id, version: version, changes)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
