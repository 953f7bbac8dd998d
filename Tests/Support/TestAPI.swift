import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParleyAPI
import ParleyDomain
import ParleyStore

/// A decoded response of the API under test.
public struct APIResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: String
    /// The body parsed as untyped JSON (`nil` when it is not JSON), for the tests about the wire format itself:
    /// an explicit `null`, an integer written without a fraction, the exact set of members. Everything else
    /// reads the body as the document's types (`decode(_:)`, `expect(_:as:)`).
    public var json: JSONObject? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))).map(JSONObject.init)
    }
    /// The problem `code` of an error body.
    public var code: String? { problem?.code }
    /// The ETag's version number.
    public var version: Int? {
        headers[.eTag].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
    }
}

/// A loosely-typed view of decoded JSON for assertions.
public struct JSONObject: @unchecked Sendable {
    public let value: Any

    public init(_ value: Any) { self.value = value }

    /// Member of an object.
    public subscript(key: String) -> JSONObject? {
        guard let object = value as? [String: Any], let member = object[key], !(member is NSNull) else { return nil }
        return JSONObject(member)
    }

    /// Element of an array.
    public subscript(index: Int) -> JSONObject? {
        guard let array = value as? [Any], index < array.count else { return nil }
        return JSONObject(array[index])
    }

    /// Whether the member exists and is null.
    public func isNull(_ key: String) -> Bool {
        (value as? [String: Any])?[key] is NSNull
    }

    public var string: String? { value as? String }
    public var int: Int? { (value as? NSNumber)?.intValue }
    public var bool: Bool? { (value as? NSNumber)?.boolValue }
    public var array: [JSONObject] { (value as? [Any])?.map(JSONObject.init) ?? [] }
    public var uuid: UUID? { string.flatMap(UUID.init(uuidString:)) }
    public var keys: [String] { (value as? [String: Any]).map { Array($0.keys).sorted() } ?? [] }
}

/// The real router over the real store, driven through Hummingbird's test client.
public struct TestAPI: Sendable {
    /// The store behind the router.
    public let store: Store
    let client: any TestClientProtocol
    /// The live event streams behind the router.
    public let events: EventStreams

    /// One `LISTEN` connection for the whole test process, as in a server process.
    /// (`PARLEY_LISTEN_DATABASE_URL` when the suite runs through a pooler in transaction mode.)
    static let events = EventStreams(
        conninfo: ProcessInfo.processInfo.environment["PARLEY_LISTEN_DATABASE_URL"] ?? TestDatabase.conninfo,
        logger: Logger(label: "test"))

    /// Runs `body` with a client of the application `buildApplication` makes (its router, with every
    /// middleware in its order), on the shared test database, with a clock that says `today` (and the given
    /// sign-in policy, auth cache lifetime and event streams, where a test needs other than the defaults).
    ///
    /// Requests go to the application's responder in process (Hummingbird's `.router` mode): over sockets,
    /// unusual methods and endless event streams behave as the HTTP layer, not the API, decides. The real
    /// server, its services and its graceful shutdown are driven over sockets by `HTTPTimeoutTests` and by the
    /// system tests against the `parley` binary.
    public static func run<T: Sendable>(
        today: LocalDate = .today, signIn: SignInPolicy = SignInPolicy(), authCacheLifetime: Duration = .seconds(5),
        events: EventStreams? = nil, _ body: @Sendable (TestAPI) async throws -> T
    ) async throws -> T {
        let store = try await TestDatabase.store()
        let logger = Logger(label: "test")
        let events = events ?? Self.events
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, databaseURL: TestDatabase.conninfo, bcryptCost: 4,
            authCacheLifetime: authCacheLifetime, signIn: signIn)
        let app = try buildApplication(
            configuration, logger: logger, store: store, ownsPool: false, events: events, today: { today })
        return try await app.test(.router) { client in
            try await body(TestAPI(store: store, client: client, events: events))
        }
    }

    /// Sends a request with an optional JSON body (any `JSONSerialization` value) or raw body text.
    @discardableResult
    public func request(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil, raw: String? = nil,
        bytes: [UInt8]? = nil, headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            // Sorted keys: the same value always gives the same bytes (an idempotent retry resends the same body).
            body = ByteBuffer(
                bytes: try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys]))
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        } else if let raw {
            body = ByteBuffer(string: raw)
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return APIResponse(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
}

/// An organization created for one test, with its admin's token.
public struct TestOrg: Sendable {
    public let orgID: UUID
    /// Its root unit.
    public let rootUnitID: UUID
    /// Its first admin.
    public let adminID: UUID
    public let adminToken: String

    /// Creates an organization directly through the store.
    public static func make(_ api: TestAPI, name: String = "Test Org") async throws -> TestOrg {
        let created = try await api.store.createOrganization(
            name: name, adminEmail: "admin@\(UUID().uuidString.prefix(8)).test", adminName: "Admin", passwordHash: nil,
            today: LocalDate(year: 2026, month: 1, day: 1)!)
        return TestOrg(orgID: created.orgID, rootUnitID: created.rootUnitID, adminID: created.adminUserID, adminToken: created.token)
    }

    /// Creates a unit through the API and returns its id.
    public func unit(_ api: TestAPI, name: String, parent: UUID?, manager: UUID? = nil) async throws -> UUID {
        let response = try await api.request(
            .post, "/v1/units", token: adminToken,
            json: ["name": name, "parent_id": parent?.uuidString as Any? ?? NSNull(), "manager_id": manager?.uuidString as Any? ?? NSNull()])
        return try response.expect(.created, as: API.Unit.self).id
    }

    /// Creates a user through the API and returns its id and a fresh token.
    public func user(
        _ api: TestAPI, role: String, unit: UUID? = nil, hiredOn: String = "2020-01-01", email: String? = nil
    ) async throws -> (id: UUID, token: String) {
        let response = try await api.request(
            .post, "/v1/users", token: adminToken,
            json: [
                "email": email ?? "\(role)-\(UUID().uuidString.prefix(8))@example.com", "name": "\(role.capitalized) User",
                "role": role, "unit_id": (unit ?? rootUnitID).uuidString, "hired_on": hiredOn,
            ])
        let id = try response.expect(.created, as: API.User.self).id
        let token = try await api.request(.post, "/v1/users/\(id)/tokens", token: adminToken)
        return (id, try token.expect(.created, as: API.Token.self).token)
    }
}

/// A failure in test set-up.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
