import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

// Assertions and request helpers shared by the API suites.

extension APIResponse {
    /// The `field` of each entry of a validation problem's `errors`.
    var errorFields: [String] {
        problem?.errors?.map(\.field) ?? []
    }
}

/// `If-Match: "<version>"`.
func ifMatch(_ version: Int) -> HTTPFields {
    [.ifMatch: "\"\(version)\""]
}

/// `Idempotency-Key: <key>`.
func idempotencyKey(_ key: String) -> HTTPFields {
    [HTTPField.Name("Idempotency-Key")!: key]
}

/// Checks that `response` is the RFC 9457 problem the contract prescribes: the status, the stable `code`,
/// `application/problem+json`, the members `type`, `title`, `status`, `detail`, `code`, and (for validation
/// problems) that `field` is among `errors[].field`.
func expectProblem(
    _ response: APIResponse, _ status: HTTPResponse.Status, _ code: String, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "\(response.body)", sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    #expect(response.code == code, "\(response.body)", sourceLocation: sourceLocation)
    let problem = response.problem
    #expect(problem?.type.isEmpty == false, "\(response.body)", sourceLocation: sourceLocation)
    #expect(problem?.title.isEmpty == false, sourceLocation: sourceLocation)
    #expect(problem?.status == status.code, sourceLocation: sourceLocation)
    #expect(problem?.detail.isEmpty == false, sourceLocation: sourceLocation)
    if let field {
        #expect(response.errorFields.contains(field), "errors: \(response.errorFields)", sourceLocation: sourceLocation)
    }
}

/// Every id of a list endpoint, following `next_cursor` with the given page size.
func listIDs(_ api: TestAPI, _ path: String, token: String, limit: Int = 500) async throws -> [UUID] {
    var ids: [UUID] = []
    var cursor: String?
    repeat {
        let query = "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
        let page = try await api.request(.get, "\(path)?\(query)", token: token)
        let list = try page.expect(.ok, as: API.List<Identified>.self)
        ids += list.items.map(\.id)
        cursor = list.nextCursor
    } while cursor != nil
    return ids
}

/// The `id` every item of a list endpoint has, whatever else it holds.
struct Identified: Decodable, Sendable {
    let id: UUID
}

/// A unique e-mail address for a test.
func uniqueEmail(_ prefix: String = "user") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
}

/// The body of `POST /v1/users` with sensible defaults.
func newUserBody(
    email: String = uniqueEmail(), name: String = "Some One", role: String = "rep", unit: UUID,
    hiredOn: String = "2021-03-15",
    password: String? = nil
) -> [String: Any] {
    var body: [String: Any] = [
        "email": email, "name": name, "role": role, "unit_id": unit.uuidString, "hired_on": hiredOn,
    ]
    if let password { body["password"] = password }
    return body
}
