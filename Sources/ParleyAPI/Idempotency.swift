import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ParleyStore

/// `Idempotency-Key` on POST: a retry with the same key and body gets the original status, headers and
/// body without the work being done again; the same key with another body is `422 idempotency_key_reused`.
///
/// Keys are scoped to the caller. The whole request runs in one database transaction
/// (`PostgresPool.withSharedTransaction`): the key's row is inserted first, the handler's work joins the
/// same transaction, and the response is recorded last, so the work and its record commit together or
/// not at all. A crash at any point therefore leaves either the committed work with its response (a retry
/// replays it) or nothing (a retry does the work, once). A concurrent request with the same key waits on
/// the key's row until the first commits, then replays its response. Server errors (5xx) roll back
/// everything, key included, so the client can retry.
///
/// Stored responses can hold secrets (a new token), so the table keeps only a hash of the key and the body
/// sealed with AES-GCM under a key derived from the Idempotency-Key: the database alone cannot read them.
struct Idempotency: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post, let key = request.headers[.idempotencyKey], let caller = context.caller else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.unicodeScalars.count) else {
            throw Problem.invalid("Idempotency-Key", "must be 1 to 255 characters")
        }
        var request = request
        let body = try await request.collectBody(upTo: Limits.maximumBodySize)
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.description)\n".utf8))
        hasher.update(data: Data(body.readableBytesView))
        let fingerprint = Data(hasher.finalize())

        let sealing = SymmetricKey(data: SHA256.hash(data: Data("parley-idempotency-seal\n\(key)".utf8)))
        let storedKey = SHA256.hash(data: Data("parley-idempotency-key\n\(key)".utf8)).map { String(format: "%02x", $0) }.joined()

        do {
            return try await store.pool.withSharedTransaction(org: caller.orgID) {
                switch try await store.reserveIdempotencyKey(caller: caller, key: storedKey, fingerprint: fingerprint) {
                case .reserved:
                    break
                case .reused:
                    throw Problem(.unprocessableContent, "idempotency_key_reused", "this Idempotency-Key was used with another request")
                case .completed(let stored):
                    var headers: HTTPFields = [:]
                    for (name, value) in stored.headers {
                        if let field = HTTPField.Name(name) { headers[field] = value }
                    }
                    headers[.idempotentReplayed] = "true"
                    let body = try AES.GCM.open(AES.GCM.SealedBox(combined: Data(stored.body)), using: sealing)
                    return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
                }
                let response: Response
                do {
                    response = try await next(request, context)
                } catch {
                    response = try Problem(error: error, logger: context.logger).response(from: request, context: context)
                }
                if response.status.code >= 500 { throw ServerFailure(response: response) }
                let collector = BodyCollector()
                try await response.body.write(CollectingWriter(collector: collector))
                var kept: [String: String] = [:]
                for field in response.headers where [.contentType, .eTag, .location].contains(field.name) {
                    kept[field.name.canonicalName] = field.value
                }
                try await store.completeIdempotencyKey(
                    caller: caller, key: storedKey,
                    response: StoredResponse(
                        status: response.status.code, headers: kept,
                        body: Array(try AES.GCM.seal(Data(collector.bytes), using: sealing).combined ?? Data())))
                var replayable = response
                replayable.body = .init(byteBuffer: ByteBuffer(bytes: collector.bytes))
                return replayable
            }
        } catch let failure as ServerFailure {
            return failure.response
        }
    }
}

/// A 5xx from the handler: it rolls the shared transaction back, key included, and is then sent as is.
private struct ServerFailure: Error {
    let response: Response
}

private final class BodyCollector: @unchecked Sendable {
    // Written by one writer within one request, read after it finished.
    var bytes: [UInt8] = []
}

private struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        collector.bytes.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
