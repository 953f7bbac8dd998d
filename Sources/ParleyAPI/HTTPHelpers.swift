import Foundation
import HTTPTypes
import Hummingbird
import ParleyStore

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let requestID = Self("X-Request-Id")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

/// JSON responses, all written by `JSONWriter`.
enum JSONResponse {
    /// Encodes `value`; `version` becomes the `ETag`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, version: Int64? = nil) throws -> Response {
        let data = try JSONWriter.encode(value)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let version { headers[.eTag] = "\"\(version)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The list shape every list endpoint answers.
struct ListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)  // explicit null on the last page
    }
}

extension Request {
    /// Reads the body (at most 1 MiB) and decodes it strictly: exact integers, no unknown fields.
    func decodeStrict<T: Decodable>(_ type: T.Type) async throws -> T {
        var buffer = try await body.collect(upTo: Limits.maximumBodySize)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return try StrictJSON.decode(T.self, from: bytes)
    }

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
}

extension ListResponse {
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

extension ParleyRequestContext {
    /// A UUID route parameter; anything else is 404 (no such resource).
    func id(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound() }
        return id
    }
}
