import Foundation
import HTTPTypes
import Hummingbird
import ParleyStore

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let requestID = Self("X-Request-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

/// `request.decode(as:context:)` for every JSON body: at most 1 MiB, exact integers, no unknown fields
/// (`StrictJSON`; no library enforces the contract's number rules).
public struct StrictRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try StrictJSON.decode(T.self, from: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }
}

/// Every JSON response body, written by `JSONWriter` (lower-case UUIDs, sorted keys, exact integers).
public struct JSONResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONWriter.encode(value))))
    }
}

/// A versioned resource: its body, with `ETag: "<version>"` (the value `If-Match` must name to change it).
struct Tagged<Body: ResponseGenerator>: ResponseGenerator {
    var body: Body
    var version: Int64
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try body.response(from: request, context: context)
        response.status = status
        response.headers[.eTag] = "\"\(version)\""
        return response
    }
}

/// A body answered with `201 Created`.
func created<Body: ResponseGenerator>(_ body: Body) -> EditedResponse<Body> {
    EditedResponse(status: .created, response: body)
}

/// An optional member the contract spells as an explicit `null` when absent, rather than leaving it out.
///
/// Synthesized `Encodable` skips a nil optional; a wrapped one is encoded through this type, which writes
/// `null` itself.
@propertyWrapper
struct ExplicitNull<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// The list shape every list endpoint answers.
struct ListResponse<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    var items: [Item]
    /// Null on the last page.
    @ExplicitNull var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// A page of a list the store returns whole (lists that stay short, such as a plan's goals or approvals);
    /// the cursor is the position of the next item.
    init(paging all: [Item], for request: Request) throws {
        let (limit, cursor) = try request.pageQuery()
        var start = 0
        if let cursor {
            guard let position = Int(cursor), position >= 0, position <= all.count else {
                throw Problem.invalid("cursor", "is not a cursor from this list")
            }
            start = position
        }
        let end = min(start + limit, all.count)
        self.init(items: Array(all[start..<end]), nextCursor: end < all.count ? String(end) : nil)
    }
}

extension Request {
    /// The version named by `If-Match: "<n>"`; `428` when absent. A malformed tag can match nothing.
    func ifMatchVersion() throws -> Int64 {
        guard let header = headers[.ifMatch] else {
            throw Problem(.preconditionRequired, "precondition_required", "this change needs If-Match: \"<version>\"")
        }
        var tag = header.trimmingCharacters(in: .whitespaces)
        if tag.hasPrefix("W/") { tag.removeFirst(2) }
        guard tag.count >= 3, tag.first == "\"", tag.last == "\"", let version = Int64(tag.dropFirst().dropLast()) else {
            return -1
        }
        return version
    }

    /// `limit` and `cursor` of a list request.
    func pageQuery() throws -> (limit: Int, cursor: String?) {
        let query = uri.queryParameters
        var limit = Limits.defaultPageSize
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...Limits.maximumPageSize).contains(value) else {
                throw Problem.invalid("limit", "must be an integer from 1 to \(Limits.maximumPageSize)")
            }
            limit = value
        }
        // An empty `?cursor=` (a client that serialises "no cursor" as empty) means the first page.
        return (limit, query["cursor"].flatMap { $0.isEmpty ? nil : String($0) })
    }

    /// An optional UUID query parameter; anything else is `422` naming it.
    func uuidQuery(_ name: String) throws -> UUID? {
        guard let text = uri.queryParameters[Substring(name)] else { return nil }
        guard let id = UUID(uuidString: String(text)) else { throw Problem.invalid(name, "must be a UUID") }
        return id
    }
}

extension RequestContext {
    /// A UUID route parameter; anything else is 404 (no such resource).
    func id(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound() }
        return id
    }
}
