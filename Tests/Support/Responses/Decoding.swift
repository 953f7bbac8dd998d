import Foundation
import HTTPTypes

/// The API's response bodies as the OpenAPI document describes them, restated on the test side.
///
/// They are written from `openapi.json`, not imported from the server's own body types, so a member the server
/// renames or drops fails a test instead of changing the test with it. Dates and date-times stay the text the
/// document prescribes, so a test compares them exactly; metric values, money and basis points are `Int64`.
public enum API {}

extension APIResponse {
    /// The body decoded as `type`; a body that does not decode fails with the status and the body.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.utf8))
        } catch {
            throw TestFailure("the \(status) body is not a \(T.self) (\(error)): \(body)")
        }
    }

    /// The body decoded as `type`, after checking that the status is `status`.
    public func expect<T: Decodable>(_ status: HTTPResponse.Status, as type: T.Type) throws -> T {
        guard self.status == status else {
            throw TestFailure("expected \(status), got \(self.status): \(body)")
        }
        return try decode(type)
    }

    /// The body as a problem, or nil when it is none.
    public var problem: API.Problem? { try? decode(API.Problem.self) }
}

extension API {
    /// Any JSON value, for the members the document leaves open (an event's `data`).
    public enum JSONValue: Decodable, Equatable, Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object([String: JSONValue])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([JSONValue].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: JSONValue].self))
            }
        }

        /// Member of an object (nil for a missing member, a null or another kind of value).
        public subscript(key: String) -> JSONValue? {
            guard case .object(let members) = self, let member = members[key], member != .null else { return nil }
            return member
        }

        public var string: String? {
            guard case .string(let value) = self else { return nil }
            return value
        }

        /// As an integer, when it is one.
        public var int: Int? {
            guard case .number(let value) = self else { return nil }
            return Int(exactly: value)
        }

        /// As an array (empty for another kind of value).
        public var array: [JSONValue] {
            guard case .array(let values) = self else { return [] }
            return values
        }

        /// Object keys, sorted.
        public var keys: [String] {
            guard case .object(let members) = self else { return [] }
            return members.keys.sorted()
        }
    }

    /// A member the document lists as `required` that may be `null`: decoding fails when it is absent, so reading
    /// nil here means the body holds an explicit `null`, as the contract prescribes.
    @propertyWrapper
    public struct Nullable<Value: Decodable & Sendable>: Decodable, Sendable {
        public var wrappedValue: Value?

        public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
        }
    }

    /// A page of a list endpoint (`UserList`, `PlanList`, ... in the document).
    public struct List<Item: Decodable & Sendable>: Decodable, Sendable {
        public let items: [Item]
        @Nullable public var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items
            case nextCursor = "next_cursor"
        }
    }

    /// `Problem`: an RFC 9457 problem detail.
    public struct Problem: Decodable, Sendable {
        public let type: String
        public let title: String
        public let status: Int
        public let detail: String
        public let code: String
        public let errors: [FieldError]?
        public let currentVersion: Int?
        public let allowedActions: [String]?
        public let reasons: [String]?
        public let retryAfter: Int?

        /// One entry of `errors`.
        public struct FieldError: Decodable, Sendable {
            public let field: String
            public let message: String
        }

        enum CodingKeys: String, CodingKey {
            case type, title, status, detail, code, errors, reasons
            case currentVersion = "current_version"
            case allowedActions = "allowed_actions"
            case retryAfter = "retry_after"
        }
    }

    /// `Status` of `/healthz` and `/readyz`.
    public struct Status: Decodable, Sendable {
        public let status: String
    }
}

extension API.Nullable: Equatable where Value: Equatable {}
