import Hummingbird

/// `405 method_not_allowed` with `Allow` for a method a known path does not answer (Hummingbird alone
/// would answer 404).
///
/// Built from the router's own route list once every route is registered, and added last, so it wraps
/// only the router's not-found responder: that is where a known path with an unknown method lands.
struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    /// A registered path and the methods it answers.
    struct KnownPath: Sendable {
        let segments: [Substring]
        let allow: String

        /// Whether `path` matches, with `{name}` segments matching any one segment.
        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    let paths: [KnownPath]

    init(routes: [Router<Context>.RouteDescription]) {
        let order: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        let methods = Dictionary(grouping: routes, by: \.path.description).mapValues { Set($0.map(\.method)) }
        paths = methods.sorted { $0.key < $1.key }.map { path, allowed in
            KnownPath(
                segments: path.split(separator: "/"),
                allow: order.filter(allowed.contains).map(\.rawValue).joined(separator: ", "))
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path.split(separator: "/")
        guard let known = paths.first(where: { $0.matches(path) }) else { return try await next(request, context) }
        var problem = Problem(.methodNotAllowed, "method_not_allowed", "allowed methods: \(known.allow)")
        problem.headers[.allow] = known.allow
        throw problem
    }
}
