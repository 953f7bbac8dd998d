import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

struct UnitBody: ResponseEncodable, Sendable {
    var id: UUID
    var name: String
    @ExplicitNull var parentID: UUID?
    @ExplicitNull var managerID: UUID?
    var version: Int64

    enum CodingKeys: String, CodingKey {
        case id, name, version
        case parentID = "parent_id"
        case managerID = "manager_id"
    }

    init(_ unit: UnitRecord) {
        id = unit.id
        name = unit.name
        parentID = unit.parentID
        managerID = unit.managerID
        version = unit.version
    }
}

/// `POST /v1/units`.
struct CreateUnitRequest: Decodable {
    var name: String
    var parentID: UUID?
    var managerID: UUID?

    enum CodingKeys: String, CodingKey {
        case name
        case parentID = "parent_id"
        case managerID = "manager_id"
    }
}

/// `PATCH /v1/units/{id}`, which tells "absent" from "null": null clears the parent or manager.
struct UpdateUnitRequest: Decodable {
    var name: String?
    var parentID: UUID??
    var managerID: UUID??

    enum CodingKeys: String, CodingKey {
        case name
        case parentID = "parent_id"
        case managerID = "manager_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        if container.contains(.parentID) {
            parentID = .some(try container.decodeIfPresent(UUID.self, forKey: .parentID))
        }
        if container.contains(.managerID) {
            managerID = .some(try container.decodeIfPresent(UUID.self, forKey: .managerID))
        }
    }
}

struct UserBody: ResponseEncodable, Sendable {
    var id: UUID
    var email: String
    var name: String
    var role: Role
    var unitID: UUID
    var hiredOn: String
    var version: Int64

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, version
        case unitID = "unit_id"
        case hiredOn = "hired_on"
    }

    init(_ user: UserRecord) {
        id = user.id
        email = user.email
        name = user.name
        role = user.role
        unitID = user.unitID
        hiredOn = user.hiredOn.description
        version = user.version
    }
}

/// `GET /v1/me`.
struct MeBody: ResponseEncodable, Sendable {
    struct Org: Encodable, Sendable {
        var id: UUID
        var name: String
    }
    var user: UserBody
    var org: Org
}

/// `POST /v1/sessions`.
struct SignInRequest: Decodable {
    var email: String
    var password: String
}

/// A new session token.
struct SessionBody: ResponseEncodable, Sendable {
    var token: String
    /// Absent for tokens that last until revoked (none are issued here today).
    var expiresAt: String?
    var user: UserBody

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
    }
}

/// `POST /v1/users`.
struct CreateUserRequest: Decodable {
    var email: String
    var name: String
    var role: Role
    var unitID: UUID
    var hiredOn: String
    var password: String?

    enum CodingKeys: String, CodingKey {
        case email, name, role, password
        case unitID = "unit_id"
        case hiredOn = "hired_on"
    }
}

/// `PATCH /v1/users/{id}`.
struct UpdateUserRequest: Decodable {
    var email: String?
    var name: String?
    var role: Role?
    var unitID: UUID?
    var hiredOn: String?
    var password: String?

    enum CodingKeys: String, CodingKey {
        case email, name, role, password
        case unitID = "unit_id"
        case hiredOn = "hired_on"
    }
}
