import Foundation

// Users, units, sessions and tokens, as the document's schemas of the same names.
extension API {
    /// `User`.
    public struct User: Decodable, Sendable {
        public let id: UUID
        public let email: String
        public let name: String
        public let role: String
        public let unitID: UUID
        /// A `date`: `YYYY-MM-DD`.
        public let hiredOn: String
        public let version: Int

        enum CodingKeys: String, CodingKey {
            case id, email, name, role, version
            case unitID = "unit_id"
            case hiredOn = "hired_on"
        }
    }

    /// `Session`.
    public struct Session: Decodable, Sendable {
        public let token: String
        /// A `date-time`.
        public let expiresAt: String
        public let user: User

        enum CodingKeys: String, CodingKey {
            case token, user
            case expiresAt = "expires_at"
        }
    }

    /// `Token`.
    public struct Token: Decodable, Sendable {
        public let token: String
    }

    /// `Me`.
    public struct Me: Decodable, Sendable {
        public let user: User
        public let org: Org

        /// `Me.org`.
        public struct Org: Decodable, Sendable {
            public let id: UUID
            public let name: String
        }
    }

    /// `Unit`.
    public struct Unit: Decodable, Sendable {
        public let id: UUID
        public let name: String
        @Nullable public var parentID: UUID?
        @Nullable public var managerID: UUID?
        public let version: Int

        enum CodingKeys: String, CodingKey {
            case id, name, version
            case parentID = "parent_id"
            case managerID = "manager_id"
        }
    }
}
