import HTTPTypes
import Hummingbird
import ParleyStore

/// Resolves `Authorization: Bearer <token>` on `/v1/` paths into `context.caller`.
///
/// A missing header leaves the caller unset (handlers that need one answer 401); a header with an
/// unknown or revoked token is refused at once.
struct Authentication: RouterMiddleware {
    typealias Context = ParleyRequestContext
    let store: Store
    let cache: AuthenticationCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path.hasPrefix("/v1/"), let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 200,
            let caller = try await cache.caller(for: String(parts[1]), lookup: store.authenticate(token:))
        else {
            throw Problem.unauthenticated
        }
        var context = context
        context.caller = caller
        context.token = String(parts[1])
        context.logger[metadataKey: "user_id"] = "\(caller.userID)"
        return try await next(request, context)
    }
}

/// Adds `X-Request-Id` (the id on every log line of the request) to each response.
struct RequestIdentity: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        return response
    }
}
